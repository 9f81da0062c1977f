using System.CommandLine;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>The verbs and options. Parsing ends in option records; the verbs never see raw args.</summary>
internal static class CommandLine
{
    public static RootCommand Build(Func<int?, LoggingOptions, CancellationToken, Task<int>> runStdio)
    {
        var verbose = new Option<int>("--verbose", "-v") { Description = "More logging on stderr: -v info, -vv debug, -vvv trace.", Arity = ArgumentArity.ZeroOrOne, Recursive = true };
        verbose.CustomParser = r => r.Tokens.Count == 0 ? 1 : int.Parse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture);
        var logFile = new Option<string?>("--log-file") { Description = "Also append logs to FILE (created 0600).", HelpName = "FILE", Recursive = true };
        var configFile = new Option<string?>("-F") { Description = "ssh config file to use instead of ~/.ssh/config (like ssh -F).", HelpName = "FILE" };
        var stateDir = new Option<string?>("--state-dir") { Description = "Remote folder for server state (default ~/.remote-jupyter).", HelpName = "DIR" };
        var acceptNew = new Option<bool>("--accept-new-host-key") { Description = "Add unknown host keys to known_hosts (like StrictHostKeyChecking=accept-new); changed keys are still refused." };

        var stdio = new Option<bool>("--stdio") { Description = "Serve JSON-RPC on stdin/stdout (used by the VS Code extension).", Hidden = true };
        var clientPid = new Option<int?>("--client-pid") { Description = "Exit when this process exits.", Hidden = true };
        var root = new RootCommand("Remote Jupyter: run Jupyter on any SSH host and reach it through a local tunnel.")
        {
            verbose, logFile, stdio, clientPid,
        };
        root.SetAction((result, ct) => result.GetValue(stdio)
            ? runStdio(result.GetValue(clientPid), Logging(result, verbose, logFile, LogLevel.Information), ct)
            : Task.FromResult(ShowHelp(root)));

        var host = new Argument<string>("host") { Description = "An ssh_config alias or user@host[:port]; for connect also the URL of a running Jupyter server." };
        var venv = new Option<string?>("--venv") { Description = "Use this venv on the host, created if missing (~/ allowed).", HelpName = "PATH" };
        var systemSite = new Option<bool>("--system-site-packages") { Description = "Create the venv with --system-site-packages (sees the system's Jupyter)." };
        var python = new Option<string?>("--python") { Description = "Interpreter to use on the host; skips discovery.", HelpName = "PATH" };
        var environment = new Option<string?>("--env") { Description = "An existing environment on the host (see: envs HOST): Jupyter runs from it, or, if it has only ipykernel, runs its kernels.", HelpName = "PATH" };
        var workdir = new Option<string?>("--workdir") { Description = "Server root folder on the host (default: home).", HelpName = "DIR" };
        var remotePort = new Option<int?>("--remote-port") { Description = "Port on the host's 127.0.0.1 (default: a free one).", HelpName = "PORT" };
        var localPort = new Option<int>("--local-port") { Description = "Local tunnel port (default: a free one).", HelpName = "PORT" };
        var showToken = new Option<bool>("--show-token") { Description = "Print the URL with ?token=… (the token is secret)." };
        var stopOnExit = new Option<bool>("--stop-on-exit") { Description = "Stop the remote server when the tunnel closes." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the URL." };
        var fresh = new Option<bool>("--new") { Description = "Start a new server even if one runs for this environment and folder." };
        var persistence = new Option<ServerPersistence>("--persistence") { Description = "How the server outlives SSH: Detached (default) or Tmux (attach with tmux attach -t remote-jupyter-ID)." };
        var memory = new Option<int?>("--memory-mb") { Description = "Cap the server and its kernels at MB (systemd user scope where available, else ulimit -v).", HelpName = "MB" };
        var nice = new Option<int?>("--nice") { Description = "Run the server and kernels at this nice level.", HelpName = "N" };
        var idle = new Option<int?>("--idle-minutes") { Description = "Cull idle kernels and stop the server after MIN minutes without activity.", HelpName = "MIN" };
        var serverArgs = new Option<string[]>("--server-arg") { Description = "Extra jupyter_server argument (repeatable), e.g. --server-arg=--ServerApp.max_body_size=1000000000.", HelpName = "ARG" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "With a URL: read the server's password from the first line of stdin." };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "With a URL: read the server's token from the first line of stdin." };
        var pinFile = new Option<string?>("--pin-file") { Description = "With an https URL: accepted certificates file (default ~/.remote-jupyter/known_certificates).", HelpName = "FILE" };
        var acceptCertificate = new Option<string?>("--accept-certificate") { Description = "With an https URL: trust and pin the certificate with this fingerprint without asking.", HelpName = "SHA256:…" };
        var image = new Option<string?>("--image") { Description = "Run Jupyter in a container of this image on the host (see: envs HOST).", HelpName = "NAME" };
        var dockerfile = new Option<string?>("--dockerfile") { Description = "Build an image from the Dockerfile in this folder on the host, then run Jupyter in it.", HelpName = "DIR" };
        var engine = new Option<string?>("--engine") { Description = "Container engine for --image/--dockerfile: podman or docker (default: the first usable, podman first).", HelpName = "ENGINE" };
        engine.AcceptOnlyFromAmong("podman", "docker");
        var cpus = new Option<double?>("--cpus") { Description = "Containers: cap the container at N CPUs.", HelpName = "N" };
        var gpus = new Option<bool>("--gpus") { Description = "Containers: pass the host's GPUs in (docker --gpus all, podman --device nvidia.com/gpu=all)." };
        var slurm = new Option<bool>("--slurm") { Description = "Run Jupyter in a Slurm job on a compute node, reached through HOST (the login node)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm: partition (sbatch --partition).", HelpName = "P" };
        var time = new Option<string?>("--time") { Description = "Slurm: walltime, e.g. 2:00:00 (sbatch --time).", HelpName = "TIME" };
        var mem = new Option<string?>("--mem") { Description = "Slurm: memory per node, e.g. 16G (sbatch --mem).", HelpName = "SIZE" };
        var gres = new Option<string?>("--gres") { Description = "Slurm: generic resources, e.g. gpu:1 (sbatch --gres).", HelpName = "GRES" };
        var account = new Option<string?>("--account") { Description = "Slurm: account to charge (sbatch --account).", HelpName = "A" };
        var sbatchArgs = new Option<string[]>("--sbatch-arg") { Description = "Slurm: one more sbatch option (repeatable), e.g. --sbatch-arg=--qos=short.", HelpName = "ARG" };
        var modules = new Option<string[]>("--module") { Description = "Slurm: module to load on the node before Jupyter starts (repeatable).", HelpName = "NAME" };
        var conda = new Option<string?>("--conda") { Description = "Slurm: conda environment (its prefix) to activate on the node before Jupyter starts.", HelpName = "PREFIX" };
        var nodeAccess = new Option<string?>("--node-access")
        {
            Description = "Slurm: how to reach Jupyter on the node: auto (its loopback; SSH to the node when it is not the login node), jump (always SSH to the node), node-address (Jupyter on the node's address, the token as the only key). A refused jump falls back to node-address.",
            HelpName = "MODE",
        };
        nodeAccess.AcceptOnlyFromAmong([.. SlurmNodeAccessNames.All]);
        var nodeSshPort = new Option<int?>("--node-ssh-port") { Description = "Slurm: the port of the nodes' sshd, for a jump (default 22).", HelpName = "PORT" };
        var newJob = new Option<bool>("--new-job") { Description = "Slurm: submit a new job even if one of yours runs on HOST (default: reattach to it)." };
        var connect = new Command("connect", "Start (or reuse the environment for) Jupyter on HOST, or log in to a running server by URL, and print its local URL.")
        {
            host, configFile, venv, systemSite, python, environment, workdir, remotePort, localPort, showToken, stopOnExit, stateDir, acceptNew, quiet,
            fresh, persistence, memory, nice, idle, serverArgs, passwordStdin, tokenStdin, pinFile, acceptCertificate, image, dockerfile, engine, cpus, gpus,
            slurm, partition, time, mem, gres, account, sbatchArgs, modules, conda, nodeAccess, nodeSshPort, newJob,
        };
        connect.Validators.Add(r =>
        {
            if (r.GetValue(image) is not null && r.GetValue(dockerfile) is not null)
            {
                r.AddError("Use --image or --dockerfile, not both.");
            }

            if (r.GetValue(slurm) && (r.GetValue(image) is not null || r.GetValue(dockerfile) is not null))
            {
                r.AddError("--slurm runs Jupyter in a Slurm job: it does not take --image or --dockerfile.");
            }
        });
        connect.SetAction((r, ct) => UrlConnectCommand.IsUrl(r.GetValue(host)!)
            ? CliErrors.RunAsync(() => UrlConnectCommand.RunAsync(
                new(r.GetValue(host)!, r.GetValue(passwordStdin), r.GetValue(tokenStdin), r.GetValue(pinFile), r.GetValue(acceptCertificate),
                    r.GetValue(quiet), Logging(r, verbose, logFile, LogLevel.Warning)),
                ct))
            : CliErrors.RunAsync(() => ConnectCommand.RunAsync(
            new ConnectOptions(
                r.GetValue(host)!, r.GetValue(configFile), r.GetValue(venv), r.GetValue(systemSite), r.GetValue(python), r.GetValue(workdir),
                r.GetValue(remotePort), r.GetValue(localPort), r.GetValue(showToken), r.GetValue(stopOnExit), r.GetValue(stateDir),
                r.GetValue(acceptNew), r.GetValue(quiet), Logging(r, verbose, logFile, LogLevel.Warning))
            {
                Environment = r.GetValue(environment),
                Reuse = !r.GetValue(fresh) && !r.GetValue(newJob),
                Container = r.GetValue(image) is null && r.GetValue(dockerfile) is null
                    ? null
                    : new ContainerRequest(r.GetValue(image), r.GetValue(dockerfile), r.GetValue(engine)) { Cpus = r.GetValue(cpus), Gpus = r.GetValue(gpus) },
                Slurm = r.GetValue(slurm)
                    ? new SlurmRequest(
                        r.GetValue(partition), r.GetValue(time), r.GetValue(cpus) is { } n ? (int)Math.Ceiling(n) : null, r.GetValue(mem), r.GetValue(gres),
                        r.GetValue(account), r.GetValue(sbatchArgs) ?? [])
                    {
                        Python = r.GetValue(python) ?? "python3",
                        VenvPath = r.GetValue(venv),
                        Modules = r.GetValue(modules) ?? [],
                        WorkingDirectory = r.GetValue(workdir),
                        CondaPrefix = r.GetValue(conda),
                        NodeAccess = SlurmNodeAccessNames.Parse(r.GetValue(nodeAccess)) ?? SlurmNodeAccess.Auto,
                        NodeSshPort = r.GetValue(nodeSshPort) ?? 22,
                    }
                    : null,
                Settings = new ServerSettings(
                    r.GetValue(serverArgs) is { Length: > 0 } extra ? extra : null, r.GetValue(idle), r.GetValue(nice), r.GetValue(memory), r.GetValue(persistence)),
            },
            ct)));

        HostTarget Target(ParseResult r) => new(r.GetValue(host)!, r.GetValue(configFile), r.GetValue(acceptNew), Logging(r, verbose, logFile, LogLevel.Warning));
        var serversJson = new Option<bool>("--json") { Description = "Print JSON (id, pid, port, startedAt, uptimeSeconds, kernels, memoryBytes, …) instead of a table." };
        var servers = new Command("servers", "List your Jupyter servers on HOST: uptime, kernels, memory (stale records are cleaned).") { host, configFile, stateDir, acceptNew, serversJson };
        servers.Aliases.Add("list");
        servers.SetAction((r, ct) => CliErrors.RunAsync(() => ServerCommands.ListAsync(Target(r), r.GetValue(stateDir), r.GetValue(serversJson), ct)));

        var serverId = new Argument<string>("id") { Description = "Server id, as printed by servers." };
        var stop = new Command("stop", "Stop server ID on HOST: Jupyter's own shutdown, then SIGTERM, then SIGKILL; a Slurm job: scancel.") { host, serverId, configFile, stateDir, acceptNew };
        stop.SetAction((r, ct) => CliErrors.RunAsync(() => ServerCommands.StopAsync(Target(r), r.GetValue(serverId)!, r.GetValue(stateDir), ct)));

        var jobs = new Command("jobs", "List your Jupyter Slurm jobs on HOST: id, job id, state, reason or node, walltime left.") { host, configFile, stateDir, acceptNew };
        jobs.SetAction((r, ct) => CliErrors.RunAsync(() => SlurmCommands.JobsAsync(Target(r), r.GetValue(stateDir), ct)));

        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl-C or until the server (or Slurm job) exits." };
        var lineCount = new Option<int>("--lines", "-n") { Description = "How many of the last lines to print first (default 200).", DefaultValueFactory = _ => 200, HelpName = "N" };
        var logs = new Command("logs", "Print server ID's log on HOST (a Slurm job: its output file).") { host, serverId, configFile, stateDir, acceptNew, follow, lineCount };
        logs.SetAction((r, ct) => CliErrors.RunAsync(() => ServerCommands.LogsAsync(
            Target(r), r.GetValue(serverId)!, r.GetValue(lineCount), r.GetValue(follow), r.GetValue(stateDir), ct)));

        var resolve = new Command("resolve", "Print how ssh_config resolves HOST, as ssh -G prints it.") { host, configFile };
        resolve.SetAction((r, ct) => CliErrors.RunAsync(() => ResolveCommand.RunAsync(r.GetValue(host)!, r.GetValue(configFile), Console.Out, Console.Error, ct)));

        var demo = new Command("demo", "Run the whole path against a throwaway local sshd: connect, venv, Jupyter, tunnel, print(6*7).");
        demo.SetAction((r, ct) => CliErrors.RunAsync(() => DemoCommand.RunAsync(Logging(r, verbose, logFile, LogLevel.Warning), ct)));

        var benchJson = new Option<bool>("--json") { Description = "Also write the figures as JSON on stdout (the table goes to stderr)." };
        var benchSidecar = new Option<string?>("--sidecar") { Description = "Sidecar executable to time (default: this one; e.g. dist/sidecar/remote-jupyter for the shipped ReadyToRun build).", HelpName = "PATH" };
        var benchQuick = new Option<bool>("--quick") { Description = "A few samples of each row instead of the full counts (checks the bench itself; the figures are rough)." };
        var bench = new Command("bench", "Measure tunnel throughput, latency, kernel round trips and connect time against OpenSSH on a throwaway local sshd.") { benchJson, benchQuick, benchSidecar };
        bench.SetAction((r, ct) => CliErrors.RunAsync(() => Bench.BenchCommand.RunAsync(
            r.GetValue(benchJson), r.GetValue(benchQuick), r.GetValue(benchSidecar), Logging(r, verbose, logFile, LogLevel.Warning), ct)));

        var loginUser = new Option<string?>("--login-user") { Description = "As root: log in as this unprivileged user (created if missing)." };
        var unknownKey = new Option<bool>("--unknown-host-key") { Description = "Hand out an ssh config whose known_hosts does not know the host." };
        var withSlurm = new Option<bool>("--slurm") { Description = "As root: also run a one-node Slurm cluster whose jobs run as the login user." };
        var testHost = new Command("test-host", "Run a throwaway sshd for other test suites; prints JSON, ends when stdin closes.") { loginUser, unknownKey, withSlurm };
        testHost.Hidden = true;
        testHost.SetAction((r, ct) => CliErrors.RunAsync(() => TestHostCommand.RunAsync(
            r.GetValue(loginUser), r.GetValue(unknownKey), r.GetValue(withSlurm), Logging(r, verbose, logFile, LogLevel.Warning), ct)));

        var contract = new Command("contract", "Print the RPC contract as JSON.") { Hidden = true };
        contract.SetAction(_ =>
        {
            Console.Out.WriteLine(Rpc.ContractDescription.ToJson());
            return CliErrors.Success;
        });

        root.Subcommands.Add(connect);
        root.Subcommands.Add(servers);
        root.Subcommands.Add(stop);
        root.Subcommands.Add(jobs);
        root.Subcommands.Add(logs);
        root.Subcommands.Add(resolve);
        EnvironmentCommandLine.Add(root, configFile, acceptNew, r => Logging(r, verbose, logFile, LogLevel.Warning));
        HubCommandLine.Add(root, r => Logging(r, verbose, logFile, LogLevel.Warning));
        root.Subcommands.Add(demo);
        root.Subcommands.Add(bench);
        root.Subcommands.Add(contract);
        root.Subcommands.Add(testHost);
        return root;
    }

    private static LoggingOptions Logging(ParseResult result, Option<int> verbose, Option<string?> logFile, LogLevel quietest) =>
        new(Level(result.GetValue(verbose), quietest), result.GetValue(logFile));

    private static LogLevel Level(int verbosity, LogLevel quietest) => verbosity switch
    {
        <= 0 => quietest,
        1 => LogLevel.Information,
        2 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    private static int ShowHelp(RootCommand root)
    {
        root.Parse("--help").Invoke();
        return CliErrors.Usage;
    }
}

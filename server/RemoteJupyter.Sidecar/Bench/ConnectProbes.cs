using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Cli;
using RemoteJupyter.Sidecar.Demo;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>
/// Connect → ready URL three ways: ours (SSH, environment, claim, launch, tunnel, Jupyter answering through it),
/// the same steps scripted with OpenSSH, and jupyter_server started locally with nothing around it (the floor).
/// </summary>
internal sealed partial class ConnectProbes
{
    private readonly ThrowawaySshHost host;
    private readonly ConnectionOpener opener;
    private readonly ServerStarter starter;
    private readonly ServerStartOptions options;

    public ConnectProbes(ThrowawaySshHost host, ConnectionOpener opener, ServerStarter starter, ServerStartOptions options)
    {
        this.host = host;
        this.opener = opener;
        this.starter = starter;
        this.options = options;
    }

    /// <summary>One connect as the extension does it; the caller owns the returned connection and server.</summary>
    public async Task<ConnectRun> OursAsync(CancellationToken ct)
    {
        var sessionsBefore = SshdSessions();
        var clock = Stopwatch.StartNew();
        var connection = await opener.OpenAsync(host.Alias, host.SshConfigPath, new ConsolePrompts(acceptNewHostKeys: false), null, ct);
        try
        {
            var started = await starter.StartAsync(connection, options, null, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            return new ConnectRun(seconds, connection.Shell.CommandCount, SshdSessions() - sessionsBefore, connection, started);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the tutorials say, scripted: one ssh that starts jupyter_server with nohup on a chosen port, one
    /// <c>ssh -N -L</c>, then polling the URL until it answers. Stops the server afterwards.
    /// </summary>
    public async Task<double> OpenSshScriptedAsync(string python, CancellationToken ct)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var remotePort = OpenSshTunnel.FreePort();
        var log = Path.Combine(options.WorkingDirectory ?? host.UserHome, $".rj-bench-openssh-{remotePort}.log");
        var clock = Stopwatch.StartNew();

        // The token travels in the script on stdin, never in argv, as it would for a careful person.
        var script = $"""
            cd {ShellQuote.Quote(options.WorkingDirectory ?? host.UserHome)} || exit 1
            [ "$(id -u)" = 0 ] && set -- --allow-root
            JUPYTER_TOKEN={token} setsid nohup {ShellQuote.Quote(python)} -m jupyter_server --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={remotePort} --ServerApp.port_retries=0 "$@" > {ShellQuote.Quote(log)} 2>&1 < /dev/null &
            echo $!
            """;
        var start = await RunSshAsync(["-F", host.SshConfigPath, host.Alias, "sh", "-s"], script, ct);
        var pid = int.Parse(start.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var tunnel = await OpenSshTunnel.OpenAsync(host.SshConfigPath, host.Alias, [remotePort], ct);
            using var probe = new HttpProbes(new Uri($"http://127.0.0.1:{tunnel.LocalPorts[0]}/"), token);
            if (!await probe.WaitReadyAsync(TimeSpan.FromSeconds(60), ct))
            {
                throw new RemoteJupyterException(ErrorCode.Unexpected, $"jupyter_server started over ssh did not answer; see {log}.");
            }

            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await StopLocalAsync(pid);
            File.Delete(log);
        }
    }

    /// <summary>jupyter_server alone: the same command run directly, timed until <c>/api/status</c> answers.</summary>
    public async Task<double> JupyterFloorAsync(string python, CancellationToken ct)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var port = OpenSshTunnel.FreePort();
        var info = new ProcessStartInfo(python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? host.UserHome,
        };
        info.Environment["JUPYTER_TOKEN"] = token;
        foreach (var argument in new[] { "-m", "jupyter_server", "--no-browser", "--ServerApp.ip=127.0.0.1", $"--ServerApp.port={port}", "--ServerApp.port_retries=0" })
        {
            info.ArgumentList.Add(argument);
        }

        if (Environment.UserName == "root")
        {
            info.ArgumentList.Add("--allow-root");
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"Could not start {python}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var probe = new HttpProbes(new Uri($"http://127.0.0.1:{port}/"), token);
            if (!await probe.WaitReadyAsync(TimeSpan.FromSeconds(60), ct))
            {
                throw new RemoteJupyterException(ErrorCode.Unexpected, "jupyter_server alone did not answer within a minute.");
            }

            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await StopLocalAsync(process.Id);
        }
    }

    /// <summary>Sessions (exec requests) sshd has started so far, from its VERBOSE log.</summary>
    public int SshdSessions() => SessionLine().Count(host.ReadLog());

    private static async Task StopLocalAsync(int pid)
    {
        PosixProcess.Signal(pid, PosixProcess.SigTerm);
        for (var i = 0; i < 100 && PosixProcess.IsAlive(pid); i++)
        {
            await Task.Delay(50);
        }

        PosixProcess.Signal(pid, PosixProcess.SigKill);
    }

    private static async Task<string> RunSshAsync(IReadOnlyList<string> arguments, string stdin, CancellationToken ct)
    {
        var info = new ProcessStartInfo("ssh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new RemoteJupyterException(ErrorCode.Unexpected, "Could not start ssh.");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0
            ? await output
            : throw new RemoteJupyterException(ErrorCode.Unexpected, $"ssh exited with {process.ExitCode}: {(await error).Trim()}");
    }

    [GeneratedRegex("Starting session: ")]
    private static partial Regex SessionLine();
}

/// <summary>One measured connect: seconds to a ready URL, exec channels we opened, sessions sshd logged.</summary>
internal sealed record ConnectRun(double Seconds, int Commands, int SshdSessions, SshConnection Connection, StartedServer Started) : IDisposable
{
    public void Dispose()
    {
        Started.Dispose();
        Connection.Dispose();
    }
}

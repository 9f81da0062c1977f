using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Tunnels;
using RemoteJupyter.Sidecar.Cli;
using RemoteJupyter.Sidecar.Demo;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>
/// <c>bench</c>: our tunnel and connect against OpenSSH's, on a throwaway loopback sshd with a real
/// jupyter_server, every figure from this one run. Prints one table (and, with <c>--json</c>, the figures).
/// Benchmarks are not tests: nothing here passes or fails on a number.
/// </summary>
internal static class BenchCommand
{


    public static async Task<int> RunAsync(bool json, bool quick, string? sidecarPath, LoggingOptions logging, CancellationToken ct)
    {
        var plan = quick ? BenchPlan.Quick : BenchPlan.Full;
        using var host = SidecarHost.CreateBuilder(logging).Build();
        var services = host.Services;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("Bench");
        // The apphost next to this assembly, also when this run was started as "dotnet remote-jupyter.dll".
        var apphost = Path.Combine(AppContext.BaseDirectory, "remote-jupyter");
        var sidecar = sidecarPath ?? (File.Exists(apphost) ? apphost : Environment.ProcessPath)
            ?? throw new InvalidOperationException("Cannot tell this program's path; pass --sidecar.");

        // As root, log in as an unprivileged user with a stock account, as people do; otherwise as ourselves.
        Step("starting a throwaway sshd on 127.0.0.1");
        var loginUser = Environment.IsPrivilegedProcess ? "rjbench" : null;
        await using var sshHost = await ThrowawaySshHost.StartAsync(new ThrowawaySshHostOptions { Alias = "rj-bench", LoginUser = loginUser }, logger, ct);
        var home = sshHost.UserHome;
        var layout = new ServerLayout(Path.Combine(home, ".rj-bench-state"));
        var venv = Path.Combine(home, "rj-bench-venv");
        var options = new ServerStartOptions(new EnvironmentRequest(venv, SystemSitePackages: true), layout, WorkingDirectory: home, Throwaway: true);
        try
        {
            return await RunAsync(plan, json, sidecar, sshHost, layout, venv, options, services, loggerFactory, ct);
        }
        finally
        {
            // Everything the bench made in the login user's home; the account itself stays for the next run.
            foreach (var path in new[] { layout.Root, venv })
            {
                try
                {
                    Directory.Delete(path, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Could not remove {Path}: {Reason}", path, ex.Message);
                }
            }
        }
    }

    private static async Task<int> RunAsync(
        BenchPlan plan, bool json, string sidecar, ThrowawaySshHost sshHost, ServerLayout layout, string venv, ServerStartOptions options,
        IServiceProvider services, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var probes = new ConnectProbes(sshHost, services.GetRequiredService<ConnectionOpener>(), services.GetRequiredService<ServerStarter>(), options);
        var stopper = services.GetRequiredService<ServerStopper>();

        Step("creating the venv (not measured)");
        string python;
        using (var first = await probes.OursAsync(ct))
        {
            python = first.Started.Environment.PythonPath;
            await stopper.StopAsync(first.Connection.Shell, layout, first.Started.Server.Id, ct);
        }

        Step($"cold connect ×{plan.ConnectRepeats}: ours, OpenSSH scripted, jupyter_server alone");
        var cold = new Samples();
        var coldCommands = 0;
        for (var i = 0; i < plan.ConnectRepeats; i++)
        {
            using var run = await probes.OursAsync(ct);
            cold.Add(run.Seconds);
            coldCommands = Math.Max(coldCommands, run.SshdSessions);
            await stopper.StopAsync(run.Connection.Shell, layout, run.Started.Server.Id, ct);
        }

        var scripted = new Samples();
        var floor = new Samples();
        for (var i = 0; i < plan.ConnectRepeats; i++)
        {
            scripted.Add(await probes.OpenSshScriptedAsync(python, ct));
            floor.Add(await probes.JupyterFloorAsync(python, ct));
        }

        Step($"reattach ×{plan.ConnectRepeats}");
        using var main = await probes.OursAsync(ct);
        var reattach = new Samples();
        var reattachCommands = 0;
        for (var i = 0; i < plan.ConnectRepeats; i++)
        {
            using var run = await probes.OursAsync(ct);
            if (!run.Started.Reused)
            {
                throw new InvalidOperationException("The reattach run started a new server instead of reattaching.");
            }

            reattach.Add(run.Seconds);
            reattachCommands = Math.Max(reattachCommands, run.SshdSessions);
        }

        try
        {
            var figures = await MeasureDataPathsAsync(plan, sshHost, main, python, loggerFactory, ct) with
            {
                ColdConnectSeconds = cold.Median,
                OpenSshScriptedConnectSeconds = scripted.Median,
                JupyterStartFloorSeconds = floor.Median,
                ColdConnectRemoteCommands = coldCommands,
                ReattachSeconds = reattach.Median,
                ReattachRemoteCommands = reattachCommands,
            };

            Step($"sidecar start → RPC ready ×{plan.SidecarStarts}, idle RSS after one connection");
            var start = new Samples();
            for (var i = 0; i < plan.SidecarStarts; i++)
            {
                start.Add(await SidecarProbe.StartToReadyAsync(sidecar, ct));
            }

            var rss = await SidecarProbe.IdleRssAfterOneConnectionAsync(
                sidecar,
                sshHost.Alias,
                sshHost.SshConfigPath,
                new JsonObject { ["venvPath"] = venv, ["systemSitePackages"] = true },
                new JsonObject { ["workingDirectory"] = options.WorkingDirectory, ["stateDir"] = layout.Root },
                ct);
            figures = figures with
            {
                SidecarStartMs = start.Median,
                IdleRssMb = rss,
                SidecarBuild = SidecarProbe.BuildOf(sidecar),
                SidecarPath = sidecar,
                NetemSkipped = await NetemProbe.WhyNotAsync(ct),
            };

            var table = BenchTable.Format(figures);
            if (json)
            {
                await Console.Error.WriteAsync(table);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(figures, BenchJsonContext.Default.BenchFigures));
            }
            else
            {
                await Console.Out.WriteAsync(table);
            }

            return CliErrors.Success;
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await stopper.TryStopByIdAsync(main.Connection.Shell, layout, main.Started.Server.Id, cleanup.Token);
        }
    }

    /// <summary>Throughput, status latency, kernel round trips and concurrent websockets: ours, OpenSSH and raw, interleaved.</summary>
    private static async Task<BenchFigures> MeasureDataPathsAsync(
        BenchPlan plan, ThrowawaySshHost sshHost, ConnectRun main, string python, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var token = main.Started.Token.Value;
        var jupyterPort = main.Started.Server.Port;
        using var bulk = await BulkHttpServer.StartAsync(python, plan.BodyBytes, ct);
        using var bulkTunnel = LocalTunnel.Open(main.Connection, bulk.Port, 0, loggerFactory.CreateLogger<LocalTunnel>());
        using var openSsh = await OpenSshTunnel.OpenAsync(sshHost.SshConfigPath, sshHost.Alias, [bulk.Port, jupyterPort], ct);
        var jupyterOurs = main.Started.LocalUrl;
        var jupyterOpenSsh = new Uri($"http://127.0.0.1:{openSsh.LocalPorts[1]}/");
        var jupyterRaw = new Uri($"http://127.0.0.1:{jupyterPort}/");

        Step($"bulk download {plan.BodyBytes >> 20} MiB, 1 warm-up + {plan.Downloads} each, interleaved");
        using var bulkOurs = new HttpProbes(bulkTunnel.LocalUrl);
        using var bulkOpenSsh = new HttpProbes(new Uri($"http://127.0.0.1:{openSsh.LocalPorts[0]}/"));
        using var bulkRaw = new HttpProbes(new Uri($"http://127.0.0.1:{bulk.Port}/"));
        var (ours, viaOpenSsh, raw) = (new Samples(), new Samples(), new Samples());
        for (var i = 0; i <= plan.Downloads; i++)
        {
            var (a, b, c) = (await bulkOurs.DownloadAsync(plan.BodyBytes, ct), await bulkOpenSsh.DownloadAsync(plan.BodyBytes, ct), await bulkRaw.DownloadAsync(plan.BodyBytes, ct));
            if (i > 0)
            {
                ours.Add(a / (1 << 20));
                viaOpenSsh.Add(b / (1 << 20));
                raw.Add(c / (1 << 20));
            }
        }

        Step($"GET /api/status ×{plan.StatusRequests} each");
        var status = await ThreeWaysAsync(
            async url =>
            {
                using var probe = new HttpProbes(url, token);
                await probe.StatusLatencyAsync(50, ct);
                return await probe.StatusLatencyAsync(plan.StatusRequests, ct);
            },
            jupyterOurs,
            jupyterOpenSsh,
            jupyterRaw);

        Step($"kernel execute 1+1 ×{plan.KernelRoundTrips} each");
        using var api = new JupyterApiClient(jupyterOurs, token);
        var kernels = new[] { await api.StartKernelAsync(null, ct), await api.StartKernelAsync(null, ct) };
        try
        {
            var kernel = await ThreeWaysAsync(url => KernelProbes.RoundTripsAsync(url, token, kernels[0], plan.KernelRoundTrips, ct), jupyterOurs, jupyterOpenSsh, jupyterRaw);

            Step($"{plan.Websockets} websockets at once through one tunnel, {plan.ExecutesPerWebsocket} cells each");
            var concurrentOurs = await KernelProbes.ConcurrentAsync(jupyterOurs, token, kernels, plan.Websockets, plan.ExecutesPerWebsocket, ct);
            var concurrentOpenSsh = await KernelProbes.ConcurrentAsync(jupyterOpenSsh, token, kernels, plan.Websockets, plan.ExecutesPerWebsocket, ct);

            return new BenchFigures
            {
                ThroughputMiBps = ours.Median,
                ThroughputMiBpsOpenSsh = viaOpenSsh.Median,
                ThroughputMiBpsRaw = raw.Median,
                StatusP50Ms = status.Ours.Median,
                StatusP99Ms = status.Ours.Percentile(99),
                StatusP50MsOpenSsh = status.OpenSsh.Median,
                StatusP99MsOpenSsh = status.OpenSsh.Percentile(99),
                StatusP50MsRaw = status.Raw.Median,
                StatusP99MsRaw = status.Raw.Percentile(99),
                KernelRoundTripP50Ms = kernel.Ours.Median,
                KernelRoundTripP99Ms = kernel.Ours.Percentile(99),
                KernelRoundTripP50MsOpenSsh = kernel.OpenSsh.Median,
                KernelRoundTripP99MsOpenSsh = kernel.OpenSsh.Percentile(99),
                KernelRoundTripP50MsRaw = kernel.Raw.Median,
                KernelRoundTripP99MsRaw = kernel.Raw.Percentile(99),
                Websockets = plan.Websockets,
                BulkMiB = plan.BodyBytes >> 20,
                WebsocketErrors = concurrentOurs.Errors,
                WebsocketP99Ms = concurrentOurs.RoundTrips.Percentile(99),
                WebsocketErrorsOpenSsh = concurrentOpenSsh.Errors,
                WebsocketP99MsOpenSsh = concurrentOpenSsh.RoundTrips.Percentile(99),
            };
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            foreach (var kernel in kernels)
            {
                await api.ShutdownKernelAsync(kernel, cleanup.Token);
            }
        }
    }

    /// <summary>Runs a latency probe through ours, then OpenSSH, then raw loopback.</summary>
    private static async Task<(Samples Ours, Samples OpenSsh, Samples Raw)> ThreeWaysAsync(Func<Uri, Task<Samples>> probe, Uri ours, Uri openSsh, Uri raw) =>
        (await probe(ours), await probe(openSsh), await probe(raw));

    private static void Step(string text) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {text}…"));
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Sidecar.Hosting;

/// <summary>
/// Builds the Generic Host every verb runs in: Core services in DI and logs on stderr only, because
/// stdout belongs to the RPC stream (or to the one URL line the CLI prints).
/// </summary>
internal static class SidecarHost
{
    public static HostApplicationBuilder CreateBuilder(LoggingOptions logging)
    {
        var level = logging.Level;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (logging.File is { } file)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(file));
        }

        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddFilter("Renci.SshNet", level <= LogLevel.Trace ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = false;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<EnvironmentPreparer>();
        builder.Services.AddSingleton<EnvironmentDiscoverer>();
        builder.Services.AddSingleton<KernelRegistrar>();
        builder.Services.AddSingleton<EnvironmentDeleter>();
        builder.Services.AddSingleton<EnvironmentCreator>();
        builder.Services.AddSingleton<ServerStopper>();
        builder.Services.AddSingleton<ServerClaimer>();
        builder.Services.AddSingleton<JupyterLauncher>();
        builder.Services.AddSingleton<ServerLister>();
        builder.Services.AddSingleton<ServerLogReader>();
        builder.Services.AddSingleton<ContainerEngineDetector>();
        builder.Services.AddSingleton<ImageChecker>();
        builder.Services.AddSingleton<ImageBuilder>();
        builder.Services.AddSingleton<ContainerLauncher>();
        builder.Services.AddSingleton<ContainerStarter>();
        builder.Services.AddSingleton<ServerStarter>();
        builder.Services.AddSingleton<RemoteJupyter.Core.Slurm.SlurmJobs>();
        builder.Services.AddSingleton<RemoteJupyter.Core.Slurm.SlurmDetector>();
        builder.Services.AddSingleton<ConnectionOpener>();
        builder.Services.AddSingleton<RemoteJupyter.Core.Sources.Urls.ExistingServerConnector>();
        return builder;
    }

    public static IHost CreateRpcHost(SidecarStreams streams, LoggingOptions logging, int? clientPid)
    {
        var builder = CreateBuilder(logging);
        builder.Services.AddSingleton(streams);
        builder.Services.AddSingleton<EnvironmentServices>();
        builder.Services.AddSingleton<ContainerServices>();
        builder.Services.AddSingleton<RemoteJupyterService>();
        builder.Services.AddHostedService<SidecarSession>();
        if (clientPid is { } pid)
        {
            builder.Services.AddHostedService(sp => new ClientProcessWatcher(pid, sp.GetRequiredService<IHostApplicationLifetime>()));
        }

        return builder.Build();
    }
}

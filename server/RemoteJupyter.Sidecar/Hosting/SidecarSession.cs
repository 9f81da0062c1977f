using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Sidecar.Hosting;

/// <summary>Owns the one RPC session; when the client goes away the application stops.</summary>
internal sealed partial class SidecarSession : BackgroundService
{
    private readonly RemoteJupyterService service;
    private readonly SidecarStreams streams;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<SidecarSession> logger;

    public SidecarSession(RemoteJupyterService service, SidecarStreams streams, IHostApplicationLifetime lifetime, ILogger<SidecarSession> logger)
    {
        this.service = service;
        this.streams = streams;
        this.lifetime = lifetime;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var rpc = RpcEndpoint.Create(streams.Input, streams.Output, service);
        rpc.StartListening();
        LogListening(logger, Environment.ProcessId);
        try
        {
            await rpc.Completion.WaitAsync(stoppingToken);
            LogClientGone(logger);
        }
        catch (OperationCanceledException)
        {
            // Host is stopping (shutdown request, signal, or the client process exited).
        }
        finally
        {
            await service.DisposeAsync();
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "RPC session listening on stdio (pid {Pid})")]
    private static partial void LogListening(ILogger logger, int pid);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Client disconnected; exiting")]
    private static partial void LogClientGone(ILogger logger);
}

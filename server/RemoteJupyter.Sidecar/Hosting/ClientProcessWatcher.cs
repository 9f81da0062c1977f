using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace RemoteJupyter.Sidecar.Hosting;

/// <summary>Stops the sidecar when the editor process named by <c>--client-pid</c> is gone, so none is orphaned.</summary>
internal sealed class ClientProcessWatcher : BackgroundService
{
    private readonly int clientPid;
    private readonly IHostApplicationLifetime lifetime;

    public ClientProcessWatcher(int clientPid, IHostApplicationLifetime lifetime)
    {
        this.clientPid = clientPid;
        this.lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!IsAlive(clientPid))
                {
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The sidecar is stopping for another reason.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>
/// A throwaway sshd of its own for the fault tests (they reload its config and kill its sessions, which
/// must not disturb other tests' host), and the HTTP server the tunnels are checked with.
/// </summary>
public sealed class FaultHostFixture(IMessageSink diagnostics) : IAsyncLifetime, IDisposable
{
    private ThrowawaySshHost? host;
    private OkHttpServer? http;

    public ThrowawaySshHost Host => host ?? throw new InvalidOperationException("The fault host has not started.");

    internal OkHttpServer Http => http ?? throw new InvalidOperationException("The fault host has not started.");

    public async Task InitializeAsync()
    {
        var logger = new XunitLogger(nameof(FaultHostFixture), line => diagnostics.OnMessage(new DiagnosticMessage(line)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        host = await ThrowawaySshHost.StartAsync(
            new ThrowawaySshHostOptions
            {
                LoginUser = Environment.IsPrivilegedProcess ? SshdFixture.RootLoginUser : null,
                Alias = "rj-faults",
            },
            logger,
            timeout.Token);
        http = new OkHttpServer();
    }

    public void Dispose() => http?.Dispose();

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

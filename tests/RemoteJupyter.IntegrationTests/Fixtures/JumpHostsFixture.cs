using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Two more throwaway sshds, "bastion1" and "bastion2", for ProxyJump tests; stopped when the test class ends.</summary>
public sealed class JumpHostsFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private ThrowawaySshHost? bastion1;
    private ThrowawaySshHost? bastion2;

    public ThrowawaySshHost Bastion1 => bastion1 ?? throw new InvalidOperationException("The jump hosts have not started.");

    public ThrowawaySshHost Bastion2 => bastion2 ?? throw new InvalidOperationException("The jump hosts have not started.");

    public async Task InitializeAsync()
    {
        var logger = new XunitLogger(nameof(JumpHostsFixture), line => diagnostics.OnMessage(new DiagnosticMessage(line)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var loginUser = Environment.IsPrivilegedProcess ? SshdFixture.RootLoginUser : null;
        try
        {
            bastion1 = await ThrowawaySshHost.StartAsync(new ThrowawaySshHostOptions { LoginUser = loginUser, Alias = "bastion1" }, logger, timeout.Token);
            bastion2 = await ThrowawaySshHost.StartAsync(new ThrowawaySshHostOptions { LoginUser = loginUser, Alias = "bastion2" }, logger, timeout.Token);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (bastion2 is not null)
            {
                await bastion2.DisposeAsync();
            }
        }
        finally
        {
            if (bastion1 is not null)
            {
                await bastion1.DisposeAsync();
            }
        }
    }
}

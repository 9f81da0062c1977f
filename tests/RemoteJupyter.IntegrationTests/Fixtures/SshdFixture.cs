using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// The one throwaway sshd of the test run. As root, ssh logs in as the unprivileged "rjtest" so tests see
/// what a real user sees; otherwise as the developer running the tests.
/// </summary>
public sealed class SshdFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string RootLoginUser = "rjtest";

    private ThrowawaySshHost? host;

    public ThrowawaySshHost Host => host ?? throw new InvalidOperationException("The sshd fixture has not started.");

    public async Task InitializeAsync()
    {
        // No test output exists yet; diagnostic messages show with xunit's diagnosticMessages setting.
        var logger = new XunitLogger(nameof(SshdFixture), line => diagnostics.OnMessage(new DiagnosticMessage(line)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ThrowawaySshHostOptions
        {
            LoginUser = Environment.IsPrivilegedProcess ? RootLoginUser : null,
            Alias = "rj-test",
        };
        host = await ThrowawaySshHost.StartAsync(options, logger, timeout.Token);
        RemoveLeftoversOfEarlierRuns(host);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private static void RemoveLeftoversOfEarlierRuns(ThrowawaySshHost host)
    {
        // Only the dedicated test account is ours to clean; a developer's own ~/.remote-jupyter stays untouched.
        if (!Environment.IsPrivilegedProcess || host.UserName != RootLoginUser)
        {
            return;
        }

        var state = Path.Combine(host.UserHome, ".remote-jupyter");
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }
    }
}

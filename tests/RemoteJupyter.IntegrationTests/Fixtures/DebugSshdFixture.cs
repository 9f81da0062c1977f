using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// A throwaway sshd of its own logging at DEBUG3, where OpenSSH shows the proposals, the negotiated algorithms and
/// "will use strict KEX ordering". One per test class; tests that change its config reset it in clean-up.
/// </summary>
public sealed class DebugSshdFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private ThrowawaySshHost? host;

    public ThrowawaySshHost Host => host ?? throw new InvalidOperationException("The DEBUG3 sshd has not started.");

    public async Task InitializeAsync()
    {
        var logger = new XunitLogger(nameof(DebugSshdFixture), line => diagnostics.OnMessage(new DiagnosticMessage(line)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ThrowawaySshHostOptions
        {
            LoginUser = Environment.IsPrivilegedProcess ? SshdFixture.RootLoginUser : null,
            Alias = "rj-debug",

            // sshd keeps the first LogLevel it reads, and extra lines come before the typed options.
            ExtraConfig = ["LogLevel DEBUG3"],
        };
        host = await ThrowawaySshHost.StartAsync(options, logger, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>The sshd config plus <paramref name="lines"/>, placed before the typed options so they win.</summary>
    public SshdConfig ConfigWith(params string[] lines) => Host.Config with { ExtraLines = [.. Host.Config.ExtraLines, .. lines] };

    /// <summary>What sshd logged after <paramref name="offset"/> (a length of <see cref="ThrowawaySshHost.ReadLog"/> taken earlier).</summary>
    public string LogSince(int offset) => Host.ReadLog()[offset..];
}

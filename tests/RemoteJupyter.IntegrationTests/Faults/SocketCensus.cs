using System.Globalization;
using RemoteJupyter.Sidecar.Demo;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>This process's TCP sockets as <c>ss</c> sees them: to prove a fault left no CLOSE-WAIT socket or stray listener.</summary>
internal static class SocketCensus
{
    /// <summary>(State, local address:port, peer address:port) of every TCP socket this process holds.</summary>
    public static async Task<IReadOnlyList<(string State, string Local, string Peer)>> OursAsync(CancellationToken cancellationToken)
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var result = await ProcessRunner.RunAsync("ss", ["-Htanp"], cancellationToken);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains($"pid={pid},", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(fields => (fields[0], fields[3], fields[4]))
            .ToList();
    }

    public static async Task<IReadOnlySet<string>> ListenersAsync(CancellationToken cancellationToken) =>
        (await OursAsync(cancellationToken)).Where(s => s.State == "LISTEN").Select(s => s.Local).ToHashSet(StringComparer.Ordinal);

    public static async Task<IReadOnlyList<string>> CloseWaitAsync(CancellationToken cancellationToken) =>
        (await OursAsync(cancellationToken)).Where(s => s.State == "CLOSE-WAIT").Select(s => $"{s.Local} -> {s.Peer}").ToList();
}

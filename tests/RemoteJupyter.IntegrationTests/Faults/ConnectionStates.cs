using System.Collections.Concurrent;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>Records a connection's state changes and waits for one.</summary>
internal sealed class ConnectionStates
{
    private readonly ConcurrentQueue<ConnectionStateChanged> seen = new();
    public ConnectionStates(SshConnection connection) =>
        connection.StateChanged += (_, change) =>
        {
            seen.Enqueue(change);
        };

    public IReadOnlyList<ConnectionStateChanged> All => [.. seen];

    /// <summary>Waits until a change matching <paramref name="match"/> has been seen; fails after <paramref name="within"/>.</summary>
    public async Task<ConnectionStateChanged> WaitForAsync(Func<ConnectionStateChanged, bool> match, TimeSpan within, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(within);
        while (true)
        {
            if (seen.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await Task.Delay(50, bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException(
                    $"No matching state change within {within.TotalSeconds:0.#} s; saw: {string.Join(" | ", seen.Select(c => $"{c.State}: {c.Message}"))}");
            }
        }
    }

    public Task<ConnectionStateChanged> WaitForAsync(ConnectionState state, TimeSpan within, CancellationToken cancellationToken) =>
        WaitForAsync(change => change.State == state, within, cancellationToken);
}

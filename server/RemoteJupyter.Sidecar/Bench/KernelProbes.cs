using System.Diagnostics;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>Kernel round trips over the websocket: execute <c>1+1</c> and wait for the reply and idle, as a notebook cell does.</summary>
internal static class KernelProbes
{
    private static readonly TimeSpan ExecuteTimeout = TimeSpan.FromSeconds(30);

    /// <summary><paramref name="count"/> sequential executions on one channel, in milliseconds each (after 20 unmeasured).</summary>
    public static async Task<Samples> RoundTripsAsync(Uri baseUrl, string token, string kernelId, int count, CancellationToken ct)
    {
        using var client = new JupyterApiClient(baseUrl, token);
        await using var channel = await client.OpenChannelAsync(kernelId, ct);
        for (var i = 0; i < 20; i++)
        {
            await channel.ExecuteAsync("1+1", ct);
        }

        var samples = new Samples();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = await channel.ExecuteAsync("1+1", ct);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Status != "ok")
            {
                throw new InvalidOperationException($"1+1 failed: {result.ErrorName}");
            }
        }

        return samples;
    }

    /// <summary>
    /// <paramref name="sockets"/> websockets at once through one tunnel, spread over <paramref name="kernelIds"/>,
    /// each running <paramref name="perSocket"/> executions. Returns the round trips and how many sockets or cells failed.
    /// </summary>
    public static async Task<(Samples RoundTrips, int Errors)> ConcurrentAsync(
        Uri baseUrl, string token, IReadOnlyList<string> kernelIds, int sockets, int perSocket, CancellationToken ct)
    {
        using var client = new JupyterApiClient(baseUrl, token);
        var errors = 0;
        var all = new Samples();
        var gate = new Lock();

        async Task OneAsync(int index)
        {
            try
            {
                await using var channel = await client.OpenChannelAsync(kernelIds[index % kernelIds.Count], ct);
                for (var i = 0; i < perSocket; i++)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(ExecuteTimeout);
                    var clock = Stopwatch.StartNew();
                    var result = await channel.ExecuteAsync($"print({index}+{i})", timeout.Token);
                    var elapsed = clock.Elapsed.TotalMilliseconds;
                    lock (gate)
                    {
                        all.Add(elapsed);
                        errors += result.Status == "ok" && result.Stdout.Trim() == (index + i).ToString(System.Globalization.CultureInfo.InvariantCulture) ? 0 : 1;
                    }
                }
            }
            catch (Exception ex) when (ex is RemoteJupyterException or OperationCanceledException or System.Net.WebSockets.WebSocketException or HttpRequestException)
            {
                ct.ThrowIfCancellationRequested();
                Interlocked.Increment(ref errors);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, sockets).Select(OneAsync));
        return (all, errors);
    }
}

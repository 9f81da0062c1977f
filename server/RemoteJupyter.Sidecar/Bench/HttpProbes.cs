using System.Diagnostics;
using System.Net.Http.Headers;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>Plain HTTP measurements through one base URL: bulk download rate and small-request latency.</summary>
internal sealed class HttpProbes : IDisposable
{
    private readonly HttpClient client;
    private readonly byte[] sink = new byte[1 << 20];

    public HttpProbes(Uri baseUrl, string? token = null)
    {
        client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        }
    }

    /// <summary>Downloads one body of <paramref name="expected"/> bytes and returns bytes per second; throws if it arrives short.</summary>
    public async Task<double> DownloadAsync(long expected, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(sink, ct)) > 0)
        {
            total += read;
        }

        if (total != expected)
        {
            throw new InvalidOperationException($"The download ended after {total} of {expected} bytes.");
        }

        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary><paramref name="count"/> sequential <c>GET /api/status</c>, each timed in milliseconds.</summary>
    public async Task<Samples> StatusLatencyAsync(int count, CancellationToken ct)
    {
        var samples = new Samples();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync("api/status", ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return samples;
    }

    /// <summary>Polls <c>/api/status</c> until it answers 200; returns false at the deadline.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan deadline, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            try
            {
                using var response = await client.GetAsync("api/status", ct);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }

            await Task.Delay(20, ct);
        }

        return false;
    }

    public void Dispose() => client.Dispose();
}

using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>The relay streams: a download far bigger than any buffer passes through without piling up in memory.</summary>
public sealed partial class TlsServerTests
{
    private const int Block = 1024 * 1024;
    private const int Blocks = 256;

    [Fact]
    public async Task A_256_MiB_download_streams_through_the_relay_in_constant_memory()
    {
        var (path, expectedHash) = await WriteBigFileAsync();
        try
        {
            await using var session = await ConnectAsync(new RecordingCertificatePrompts(accept: true), token: server.Token);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.LocalBaseUrl, "files/" + Path.GetFileName(path)));
            foreach (var (name, value) in session.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = Environment.WorkingSet;
            var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
            long peak = before;
            long managedPeak = managedBefore;
            using var stopSampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                    managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(20, CancellationToken.None);
                }
            });

            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TimeoutToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            var buffer = new byte[64 * 1024];
            await using (var body = await response.Content.ReadAsStreamAsync(TimeoutToken))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, TimeoutToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    total += read;
                }
            }

            await stopSampling.CancelAsync();
            await sampler;
            Output.WriteLine($"{total / Block} MiB in {clock.Elapsed.TotalSeconds:0.0} s; RSS +{(peak - before) / Block} MiB, managed +{(managedPeak - managedBefore) / Block} MiB");
            Assert.Equal((long)Block * Blocks, total);
            Assert.Equal(expectedHash, hash.GetHashAndReset());

            // Other test classes run in this process at the same time; the bound leaves them room, far below 256 MiB.
            Assert.True(peak - before < 96L * Block, $"RSS grew by {(peak - before) / Block} MiB");
            Assert.True(managedPeak - managedBefore < 64L * Block, $"managed memory grew by {(managedPeak - managedBefore) / Block} MiB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>256 different 1 MiB blocks, so a relay that repeated or dropped one would change the hash.</summary>
    private async Task<(string Path, byte[] Hash)> WriteBigFileAsync()
    {
        var path = Path.Combine(server.RootDir, $"big-{Guid.NewGuid():N}.bin");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var block = new byte[Block];
        var random = new Random(42);
        await using (var file = File.Create(path))
        {
            for (var i = 0; i < Blocks; i++)
            {
                random.NextBytes(block);
                hash.AppendData(block);
                await file.WriteAsync(block, TimeoutToken);
            }
        }

        return (path, hash.GetHashAndReset());
    }
}

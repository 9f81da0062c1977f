using System.Text.Json;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Cli;

/// <summary>
/// The bench's own machinery, in its quick form: every row measured through our tunnel, OpenSSH's and raw
/// loopback, and the figures written as JSON. Benchmarks are not timed tests: nothing here checks a speed.
/// </summary>
public sealed class BenchCliTests(ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Quick_bench_measures_every_row_three_ways_and_writes_the_json_the_issue_names()
    {
        var (code, stdout, stderr) = await SidecarProcess.RunToEndAsync(["bench", "--quick", "--json"], TimeoutToken);
        Output.WriteLine(stderr);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var figures = json.RootElement;
        foreach (var name in new[]
        {
            "throughputVsOpenSsh", "throughputVsRaw", "kernelRoundTripP50VsOpenSsh", "statusP99VsOpenSsh", "coldConnectSeconds",
            "jupyterStartFloorSeconds", "reattachSeconds", "sidecarStartMs", "idleRssMb",
        })
        {
            Assert.True(figures.GetProperty(name).GetDouble() > 0, $"{name} is not a measured figure");
        }

        Assert.Equal(0, figures.GetProperty("websocketErrors").GetInt32());
        Assert.Equal(0, figures.GetProperty("websocketErrorsOpenSsh").GetInt32());
        Assert.InRange(figures.GetProperty("reattachRemoteCommands").GetInt32(), 1, 3);
        Assert.InRange(figures.GetProperty("coldConnectRemoteCommands").GetInt32(), 1, 4);
        // Run from the build output, the sidecar rows measure the JIT build and say so (the shipped one is native).
        Assert.Equal("JIT", figures.GetProperty("sidecarBuild").GetString());

        // The table goes to stderr when JSON takes stdout, and nothing the bench made stays in the login user's home.
        Assert.Contains("ours/OpenSSH", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not remove", stderr, StringComparison.Ordinal);
    }
}

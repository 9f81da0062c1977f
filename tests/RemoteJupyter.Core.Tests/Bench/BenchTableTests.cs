using RemoteJupyter.Sidecar.Bench;

namespace RemoteJupyter.Core.Tests.Bench;

public sealed class BenchTableTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_and_an_empty_set_has_none()
    {
        var samples = new Samples();
        Assert.True(double.IsNaN(samples.Median));
        foreach (var value in Enumerable.Range(1, 100).Reverse())
        {
            samples.Add(value);
        }

        Assert.Equal(50, samples.Median);
        Assert.Equal(99, samples.Percentile(99));
        Assert.Equal(100, samples.Percentile(100));
        Assert.Equal(1, samples.Percentile(0));
    }

    [Fact]
    public void The_table_shows_ours_openssh_raw_and_both_ratios_and_says_why_a_row_is_missing()
    {
        var figures = new BenchFigures
        {
            BulkMiB = 256,
            ThroughputMiBps = 900,
            ThroughputMiBpsOpenSsh = 600,
            ThroughputMiBpsRaw = 4500,
            Websockets = 50,
            NetemSkipped = "this kernel has no netem",
        };

        var table = BenchTable.Format(figures);
        var bulk = table.Split('\n').Single(l => l.StartsWith("bulk download 256 MiB", StringComparison.Ordinal));

        Assert.Contains(" 900 ", bulk, StringComparison.Ordinal);
        Assert.Contains("1.50×", bulk, StringComparison.Ordinal);
        Assert.Contains("0.20×", bulk, StringComparison.Ordinal);
        Assert.Equal(1.5, figures.ThroughputVsOpenSsh);
        Assert.Contains("50 ms RTT rows not measured: this kernel has no netem", table, StringComparison.Ordinal);
    }
}

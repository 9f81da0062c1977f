using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Tests.Remote;

public sealed class OutputLinesTests
{
    [Fact]
    public void Reports_only_lines_after_the_marker_even_when_chunks_split_lines()
    {
        var marker = OutputMarker.Create();
        var reported = new List<string>();
        var lines = OutputLines.ForTest(marker, new Collect(reported));

        foreach (var chunk in new[] { "Welcome\nbanner without newline", marker.Text, "\nfir", "st\nsec", "ond\n", "partial" })
        {
            lines.Append(chunk);
        }

        var all = lines.Finish();

        Assert.Equal(["first", "second", "partial"], reported);
        Assert.Equal($"Welcome\nbanner without newline{marker.Text}\nfirst\nsecond\npartial", all);
    }

    [Fact]
    public void Nothing_is_reported_when_the_marker_never_came()
    {
        var reported = new List<string>();
        var lines = OutputLines.ForTest(OutputMarker.Create(), new Collect(reported));

        lines.Append("sh: not found\nmore\n");
        lines.Finish();

        Assert.Empty(reported);
    }

    private sealed class Collect(List<string> into) : IProgress<string>
    {
        public void Report(string value) => into.Add(value);
    }
}

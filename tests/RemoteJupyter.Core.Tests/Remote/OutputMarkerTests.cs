using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Tests.Remote;

public sealed class OutputMarkerTests
{
    [Fact]
    public void Splits_rc_file_noise_from_output_at_the_marker_line()
    {
        var marker = OutputMarker.Create();

        var (noise, output, found) = marker.Split($"Welcome!\nconda: base\n{marker.Text}\nreal\noutput\n");

        Assert.True(found);
        Assert.Equal("Welcome!\nconda: base\n", noise);
        Assert.Equal("real\noutput\n", output);
    }

    [Fact]
    public void Output_that_merely_contains_the_marker_text_later_is_kept()
    {
        var marker = OutputMarker.Create();

        var (_, output, _) = marker.Split($"{marker.Text}\nline with {marker.Text}\n");

        Assert.Equal($"line with {marker.Text}\n", output);
    }

    [Fact]
    public void A_missing_marker_is_reported_and_everything_is_noise()
    {
        var (noise, output, found) = OutputMarker.Create().Split("sh: not found\n");

        Assert.False(found);
        Assert.Equal("sh: not found\n", noise);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Markers_are_unique()
    {
        Assert.NotEqual(OutputMarker.Create().Text, OutputMarker.Create().Text);
    }
}

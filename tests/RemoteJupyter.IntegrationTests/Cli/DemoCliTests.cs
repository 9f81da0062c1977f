using System.Text.RegularExpressions;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Cli;

/// <summary>The README's main job, run exactly as the README runs it (it brings its own sshd).</summary>
public sealed partial class DemoCliTests(ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Demo_prints_the_url_and_42_and_leaves_nothing_behind()
    {
        using var demo = SidecarProcess.Start("demo");

        var stdout = await demo.Process.StandardOutput.ReadToEndAsync(TimeoutToken);
        await demo.Process.WaitForExitAsync(TimeoutToken);
        Output.WriteLine(demo.Stderr);

        Assert.Equal(0, demo.Process.ExitCode);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/\n42\n$", stdout);
        var details = Details().Match(demo.Stderr);
        Assert.True(details.Success, demo.Stderr);
        Assert.False(Directory.Exists(details.Groups["dir"].Value), "temp dir left behind");
        Assert.False(Directory.Exists("/proc/" + details.Groups["pid"].Value), "sshd left running");
    }

    [GeneratedRegex(@"sshd \(pid (?<pid>\d+)\).*temp dir (?<dir>\S+)")]
    private static partial Regex Details();
}

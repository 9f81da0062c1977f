using System.Text.Json;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Containers;

/// <summary>
/// The machine the container tests need: the SSH test user runs rootless Podman over a plain ssh exec channel, the
/// test images hold Debian's Jupyter, and a folder mounted with <c>--userns=keep-id</c> gets files the user owns.
/// </summary>
[Collection("sshd")]
public sealed class PodmanSmokeTests(PodmanFixture podman, ITestOutputHelper output) : TestBase(output), IClassFixture<PodmanFixture>
{
    [Fact]
    public async Task Podman_is_rootless_for_the_test_user()
    {
        Output.WriteLine($"setup took {podman.SetupDuration.TotalSeconds:F1} s");
        var info = Checked(await podman.PodmanAsync(["info", "--format", "json"], TimeoutToken));

        using var json = JsonDocument.Parse(info);
        var host = json.RootElement.GetProperty("host");
        Output.WriteLine($"runtime {host.GetProperty("ociRuntime").GetProperty("name")}, " +
            $"driver {json.RootElement.GetProperty("store").GetProperty("graphDriverName")}, " +
            $"run root {json.RootElement.GetProperty("store").GetProperty("runRoot")}");
        Assert.True(host.GetProperty("security").GetProperty("rootless").GetBoolean(), info);
    }

    [Fact]
    public async Task The_image_imports_Jupyter_and_writes_mounted_files_as_the_user()
    {
        var dir = Path.Combine(podman.Host.UserHome, ".rj-podman-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        Checked(await podman.SshAsync("mkdir " + ShellQuote.QuotePath(dir), TimeoutToken));
        try
        {
            var mount = dir + ":" + dir;
            var script = $"import jupyter_server, ipykernel; open({JsonSerializer.Serialize(dir + "/written")}, 'w').write('x'); print('ok')";
            var run = Checked(await podman.PodmanAsync(
                ["run", "--rm", "--network=host", "--userns=keep-id", "-v", mount, podman.Image, "python3", "-c", script], TimeoutToken));

            Assert.Equal("ok\n", run);
            var owner = Checked(await podman.SshAsync("stat -c %U " + ShellQuote.QuotePath(dir + "/written"), TimeoutToken));
            Assert.Equal(podman.Host.UserName, owner.Trim());
        }
        finally
        {
            await podman.SshAsync("rm -rf " + ShellQuote.QuotePath(dir), CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_image_without_Jupyter_lacks_only_jupyter_server()
    {
        var run = await podman.PodmanAsync(
            ["run", "--rm", "--network=host", podman.NoJupyterImage, "python3", "-c", "import ipykernel; import jupyter_server"], TimeoutToken);

        Output.WriteLine(run.Stderr);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("No module named 'jupyter_server'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labelled_containers_are_listed_and_removed()
    {
        var id = "smoke-" + Guid.NewGuid().ToString("N")[..8];
        Checked(await podman.PodmanAsync(
            ["create", "--network=host", "--label", PodmanFixture.ContainerLabel + "=" + id, podman.Image, "true"], TimeoutToken));

        Assert.Single(await podman.ListContainersAsync(id, TimeoutToken));
        Assert.Equal(1, await podman.RemoveContainersAsync(id, TimeoutToken));
        Assert.Empty(await podman.ListContainersAsync(id, TimeoutToken));
    }

    private string Checked((int ExitCode, string Stdout, string Stderr) result)
    {
        if (result.ExitCode != 0)
        {
            Assert.Fail($"exited {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\n--- sshd log ---\n{podman.Host.ReadLog()}");
        }

        return result.Stdout;
    }
}

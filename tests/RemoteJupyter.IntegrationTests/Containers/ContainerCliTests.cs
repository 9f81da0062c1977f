using System.Text.Json;
using System.Text.RegularExpressions;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Containers;

/// <summary>The CLI with rootless Podman as the SSH test user: <c>envs</c> lists images, <c>connect --image</c>, <c>servers</c>, <c>logs</c>.</summary>
[Collection("sshd")]
public sealed class ContainerCliTests(PodmanFixture podman, ITestOutputHelper output) : TestBase(output), IClassFixture<PodmanFixture>
{
    [Fact]
    public async Task Envs_lists_the_images_and_connect_with_an_image_prints_the_ready_line_and_stops_on_SIGTERM()
    {
        var (code, stdout, stderr) = await RunAsync("envs", podman.Host.Alias, "-F", podman.Host.SshConfigPath, "--check-images");
        Output.WriteLine(stdout + stderr);
        Assert.True(code == 0, stderr);
        Assert.Matches(@"podman\s+\S+ MB\s+yes\s+[0-9a-f]{12}\s+" + Regex.Escape(podman.Image), stdout);
        Assert.Matches(@"podman\s+\S+ MB\s+no\s+[0-9a-f]{12}\s+" + Regex.Escape(podman.NoJupyterImage), stdout);

        (code, stdout, stderr) = await RunAsync("envs", podman.Host.Alias, "-F", podman.Host.SshConfigPath, "--json");
        Assert.True(code == 0, stderr);
        using (var json = JsonDocument.Parse(stdout))
        {
            var image = json.RootElement.EnumerateArray().Single(e => e.GetProperty("path").GetString() == podman.Image);
            Assert.Equal("container", image.GetProperty("kind").GetString());
            Assert.Equal("podman", image.GetProperty("engine").GetString());
        }

        var stateDir = "~/.rj-ctr-cli-" + Guid.NewGuid().ToString("N")[..8];
        using var cli = SidecarProcess.Start(
            "connect", podman.Host.Alias, "-F", podman.Host.SshConfigPath, "--image", podman.Image, "--engine", "podman",
            "--state-dir", stateDir, "--show-token", "--stop-on-exit");
        try
        {
            var (url, token) = await cli.ReadReadyLineAsync(TimeoutToken);
            using (var client = new JupyterApiClient(url, token))
            {
                var kernel = await client.StartKernelAsync(null, TimeoutToken);
                Assert.Equal("45\n", (await client.ExecuteAsync(kernel, "print(sum(range(10)))", TimeoutToken)).Stdout);
            }

            Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(token, StringComparison.Ordinal));

            (code, stdout, stderr) = await RunAsync("servers", podman.Host.Alias, "-F", podman.Host.SshConfigPath, "--state-dir", stateDir);
            Assert.True(code == 0, stderr);
            var id = Assert.Single(stdout.Split('\n').Skip(1), l => l.Length > 0 && !l.StartsWith(' ')).Split(' ')[0];
            Assert.Contains($"{podman.Image} (container remote-jupyter-{id})", stdout, StringComparison.Ordinal);

            (code, stdout, stderr) = await RunAsync("logs", podman.Host.Alias, id, "-F", podman.Host.SshConfigPath, "--state-dir", stateDir, "-n", "20");
            Assert.True(code == 0, stderr);
            Assert.Contains("Jupyter Server", stdout, StringComparison.Ordinal);

            cli.Terminate();
            await cli.Process.WaitForExitAsync(TimeoutToken);
            Output.WriteLine(cli.Stderr);
            Assert.Equal(0, cli.Process.ExitCode);
            Assert.Contains("Using " + podman.Image + " with podman", cli.Stderr, StringComparison.Ordinal);
            Assert.Contains("stopped (shut-down)", cli.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(token, cli.Stderr, StringComparison.Ordinal);
            Assert.Empty(await podman.ListContainersAsync(id, TimeoutToken));
        }
        finally
        {
            await podman.SshAsync("rm -rf " + Core.Remote.ShellQuote.QuotePath(stateDir), CancellationToken.None);
        }
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => SidecarProcess.RunToEndAsync(args, TimeoutToken);
}

using System.Text.Json;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Cli;

/// <summary>The envs and kernels verbs, run as the real executable against the test sshd.</summary>
[Collection("sshd")]
public sealed class EnvironmentCliTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Envs_create_list_json_kernels_and_delete_round_trip()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var path = $"~/rj-cli-envs-{id}/env";
        var kernel = $"rj-cli-{id}";
        var requirements = Path.Combine(sshd.Host.TempDir, $"requirements-{id}.txt");
        await File.WriteAllTextAsync(requirements, "--no-index\nipykernel\n", TimeoutToken);
        try
        {
            var (code, stdout, stderr) = await RunAsync(
                "envs", "create", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--kind", "venv", "--path", path,
                "--system-site-packages", "--requirements", requirements, "--kernel", kernel, "--display-name", "CLI test env");
            Assert.True(code == 0, stderr);
            var prefix = stdout.Trim();
            Assert.EndsWith($"/rj-cli-envs-{id}/env", prefix, StringComparison.Ordinal);
            Assert.Contains("│ $ ", stderr, StringComparison.Ordinal);
            Assert.Contains($"kernel {kernel}", stderr, StringComparison.Ordinal);

            (code, stdout, stderr) = await RunAsync("envs", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--json", "--root", $"~/rj-cli-envs-{id}");
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            var found = json.RootElement.EnumerateArray().Single(e => e.GetProperty("path").GetString() == prefix);
            Assert.Equal("venv", found.GetProperty("kind").GetString());
            Assert.Matches(@"^3\.\d+\.\d+$", found.GetProperty("pythonVersion").GetString());
            Assert.True(found.GetProperty("hasIpykernel").GetBoolean());
            Assert.True(found.GetProperty("hasJupyterServer").GetBoolean());
            Assert.Equal(kernel, found.GetProperty("kernelName").GetString());

            (code, stdout, stderr) = await RunAsync("kernels", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath);
            Assert.True(code == 0, stderr);
            Assert.Contains(stdout.Split('\n'), line => line.StartsWith(kernel, StringComparison.Ordinal) && line.Contains("CLI test env", StringComparison.Ordinal));

            (code, stdout, stderr) = await RunAsync("envs", "delete", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--path", path);
            Assert.True(code == 0, stderr);
            Assert.Contains($"deleted {path} and 1 kernel(s)", stdout, StringComparison.Ordinal);

            (code, _, stderr) = await RunAsync("kernels", "unregister", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--name", "bad name; rm -rf ~");
            Assert.Equal(1, code);
            Assert.Contains("InvalidEnvironmentName", stderr, StringComparison.Ordinal);
        }
        finally
        {
            await RunAsync("envs", "delete", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--path", path);
            File.Delete(requirements);
        }
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var cli = SidecarProcess.Start(args);
        var stdout = await cli.Process.StandardOutput.ReadToEndAsync(TimeoutToken);
        await cli.Process.WaitForExitAsync(TimeoutToken);
        Output.WriteLine($"$ remote-jupyter {string.Join(' ', args)} -> {cli.Process.ExitCode}\n{stdout}{cli.Stderr}");
        return (cli.Process.ExitCode, stdout, cli.Stderr);
    }
}

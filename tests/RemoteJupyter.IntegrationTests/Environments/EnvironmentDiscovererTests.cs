using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Environments;

[Collection("sshd")]
public sealed class EnvironmentDiscovererTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private EnvironmentDiscoverer Discoverer => new(LoggerFactory.CreateLogger<EnvironmentDiscoverer>());

    [Fact]
    public async Task Discovers_every_kind_of_environment_and_their_kernels_in_under_two_seconds()
    {
        var tree = new DiscoveryTree(sshd.Host.UserHome);
        using var connection = await OpenAsync();
        try
        {
            var made = await connection.Shell.RunScriptAsync("make-discovery-tree", tree.Script, TimeoutToken);
            Assert.True(made.Succeeded, made.Stderr);

            var stopwatch = Stopwatch.StartNew();
            var result = await Discoverer.DiscoverAsync(connection.Shell, new DiscoveryOptions { Roots = ["~/" + Path.GetFileName(tree.Root)] }, TimeoutToken);
            stopwatch.Stop();
            Output.WriteLine($"Discovery took {stopwatch.Elapsed.TotalMilliseconds:0} ms: {result.Environments.Count} environments, {result.Kernels.Count} kernelspecs");
            foreach (var e in result.Environments)
            {
                Output.WriteLine(e.ToString());
            }

            Assert.Empty(result.Warnings);
            Assert.False(result.TimedOut);
            Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));

            var system = Find(result, "/usr/bin/python3");
            Assert.Equal((EnvironmentKind.System, true, "python3"), (system.Kind, system.CanServe, system.KernelName));
            var version = system.PythonVersion;
            Assert.Matches(@"^3\.\d+\.\d+$", version);

            var venv = Find(result, tree.Root + "/venv");
            Assert.Equal(
                (EnvironmentKind.Venv, tree.Root + "/venv/bin/python", version, false, false, false, tree.KernelName),
                (venv.Kind, venv.Python, venv.PythonVersion, venv.HasIpykernel, venv.HasJupyterServer, venv.SystemSitePackages, venv.KernelName));
            var web = Find(result, tree.Root + "/web/.venv");
            Assert.Equal((EnvironmentKind.Venv, true, true, null), (web.Kind, web.SystemSitePackages, web.CanServe, web.KernelName));
            Assert.Equal(EnvironmentKind.Uv, Find(result, tree.Root + "/tool/.venv").Kind);
            Assert.Equal(EnvironmentKind.Venv, Find(result, tree.Root + "/" + DiscoveryTree.HostileName + "/.venv").Kind);

            var conda = Find(result, tree.Home + "/miniconda3");
            Assert.Equal((EnvironmentKind.Conda, "base"), (conda.Kind, conda.Name));
            var torch = Find(result, tree.Home + "/miniconda3/envs/torch");
            Assert.Equal((EnvironmentKind.Conda, "torch", tree.Home + "/miniconda3/envs/torch/bin/python"), (torch.Kind, torch.Name, torch.Python));
            var shared = Find(result, tree.Root + "/shared/py310");
            Assert.Equal((EnvironmentKind.Conda, null), (shared.Kind, shared.Name));
            Assert.Equal(EnvironmentKind.Pyenv, Find(result, tree.PyenvVersion).Kind);

            var kernel = Assert.Single(result.Kernels, k => k.Name == tree.KernelName);
            Assert.Equal(("Discovery test", tree.Root + "/venv/bin/python3", "python"), (kernel.DisplayName, kernel.Python, kernel.Language));

            var pwned = await connection.Shell.RunAsync("find \"$HOME\" / -maxdepth 3 -name PWNED 2>/dev/null | head -n 1", TimeoutToken);
            Assert.Equal(string.Empty, pwned.Stdout);
        }
        finally
        {
            await connection.Shell.RunScriptAsync("remove-discovery-tree", tree.CleanUpScript, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Discovery_that_meets_a_hanging_python_returns_what_it_found_by_the_bound()
    {
        var slow = await TestHosts.FakePythonAsync(sshd.Host, "hanging-python", "exec sleep 30\n", TimeoutToken);
        using var connection = await OpenAsync();

        var stopwatch = Stopwatch.StartNew();
        var result = await Discoverer.DiscoverAsync(
            connection.Shell, new DiscoveryOptions { SearchPath = "/usr/bin:" + slow, Timeout = TimeSpan.FromSeconds(2) }, TimeoutToken);
        stopwatch.Stop();
        Output.WriteLine($"Discovery with a hanging python took {stopwatch.Elapsed.TotalMilliseconds:0} ms");

        Assert.True(result.TimedOut);
        Assert.Contains(result.Warnings, w => w.Contains("stopped after 2 s", StringComparison.Ordinal));
        Assert.Equal(EnvironmentKind.System, Find(result, "/usr/bin/python3").Kind);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));
        // Only the test user's processes: other suites on this machine run their own "sleep 30".
        var left = await connection.Shell.RunAsync("ps -u \"$(id -u)\" -o args= | grep -c " + ShellQuote.Quote("^sleep 30$"), TimeoutToken);
        Assert.Equal("0\n", left.Stdout);
    }

    private static DiscoveredEnvironment Find(DiscoveryResult result, string path) =>
        Assert.Single(result.Environments, e => e.Path == path);

    private Task<SshConnection> OpenAsync() =>
        SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
}

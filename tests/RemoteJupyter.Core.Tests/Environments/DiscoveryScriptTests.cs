using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using RemoteJupyter.Core.Environments;

namespace RemoteJupyter.Core.Tests.Environments;

/// <summary>
/// conda, micromamba and uv cannot be installed here: the script runs against a fake home laid out like a real
/// one, with fake conda/micromamba printing their recorded output and a recorded uv pyvenv.cfg.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DiscoveryScriptTests : IDisposable
{
    private readonly FakeHost host = new();

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("/bin/bash")]
    public async Task Finds_every_kind_of_environment_and_the_kernel_each_one_runs(string shell)
    {
        var plain = host.Prefix("venvs/plain", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n");
        var virtualenv = host.Prefix(".virtualenvs/ve", RecordedOutput.Read("virtualenv-pyvenv.cfg"));
        var uv = host.Prefix("proj/.venv", RecordedOutput.Read("uv-pyvenv.cfg"));
        var web = host.Prefix("proj/web/.venv", RecordedOutput.Read("venv-system-site-pyvenv.cfg"));
        var baseEnv = host.Prefix("miniconda3", conda: true);
        Directory.CreateDirectory(Path.Combine(baseEnv, "envs"));
        var torch = host.Prefix("miniconda3/envs/torch", conda: true);
        var shared = host.Prefix("work/shared-envs/py310", conda: true);
        var pyenv = host.Prefix(".pyenv/versions/3.12.6");
        host.Tool("conda", $"cat <<'JSON'\n{RecordedOutput.Read("conda-env-list.json").Replace("/home/u", host.Home, StringComparison.Ordinal)}JSON\n");
        host.Kernel(".local/share/jupyter/kernels", "torch-gpu", $$"""{"argv": ["{{torch}}/bin/python3", "-m", "ipykernel_launcher"], "display_name": "Torch (GPU)", "language": "python"}""");
        host.Kernel("work/shared-envs/py310/share/jupyter/kernels", "python3", """{"argv": ["python", "-m", "ipykernel_launcher"], "display_name": "Python 3", "language": "python"}""");

        var options = new DiscoveryOptions { SearchPath = "/usr/bin", Roots = [Path.Combine(host.Home, "proj")] };
        var result = EnvironmentDiscoverer.Interpret(await host.RunAsync(options, shell: shell), options);

        Assert.False(result.TimedOut, string.Join("\n", result.Warnings));
        Assert.Empty(result.Warnings);
        var version = Assert.Single(result.Environments, e => e.Python == "/usr/bin/python3").PythonVersion;
        Assert.Equal(EnvironmentKind.System, Find(result, "/usr/bin/python3").Kind);
        Assert.Equal((EnvironmentKind.Venv, false), (Find(result, plain).Kind, Find(result, plain).SystemSitePackages));
        Assert.Equal(EnvironmentKind.Virtualenv, Find(result, virtualenv).Kind);
        Assert.Equal(EnvironmentKind.Uv, Find(result, uv).Kind);
        Assert.Equal((EnvironmentKind.Venv, true), (Find(result, web).Kind, Find(result, web).SystemSitePackages));
        Assert.Equal((EnvironmentKind.Conda, "base"), (Find(result, baseEnv).Kind, Find(result, baseEnv).Name));
        Assert.Equal((EnvironmentKind.Conda, "torch", "torch-gpu"), (Find(result, torch).Kind, Find(result, torch).Name, Find(result, torch).KernelName));
        // Only conda env list knows this one; conda shows no name for an env outside its envs folders.
        Assert.Equal((EnvironmentKind.Conda, null, "python3"), (Find(result, shared).Kind, Find(result, shared).Name, Find(result, shared).KernelName));
        Assert.Equal(EnvironmentKind.Pyenv, Find(result, pyenv).Kind);
        Assert.All(result.Environments, e => Assert.Equal(version, e.PythonVersion));
        Assert.Equal(torch + "/bin/python", Find(result, torch).Python);
        var kernel = Assert.Single(result.Kernels, k => k.Name == "torch-gpu");
        Assert.Equal(("Torch (GPU)", torch + "/bin/python3", "python"), (kernel.DisplayName, kernel.Python, kernel.Language));
    }

    [Fact]
    public async Task Micromamba_env_list_is_read_when_conda_is_absent()
    {
        // A root in no well-known place: only micromamba's own list leads there.
        var root = host.Prefix("tools/mm", conda: true);
        var datasci = host.Prefix("tools/mm/envs/datasci", conda: true);
        host.Tool("micromamba", $"[ \"$1 $2 $3\" = 'env list --json' ] || exit 2\ncat <<'JSON'\n{RecordedOutput.Read("micromamba-env-list.json").Replace("/home/u/micromamba", root, StringComparison.Ordinal)}JSON\n");

        var result = await DiscoverAsync(new DiscoveryOptions { SearchPath = "/usr/bin" });

        Assert.Equal("base", Find(result, root).Name);
        Assert.Equal("datasci", Find(result, datasci).Name);
    }

    [Fact]
    public async Task A_conda_that_fails_is_a_warning_and_its_folders_are_still_searched()
    {
        var torch = host.Prefix("miniconda3/envs/torch", conda: true);
        host.Tool("conda", "echo 'CondaError: broken' >&2\nexit 1\n");

        var result = await DiscoverAsync(new DiscoveryOptions { SearchPath = "/usr/bin" });

        Assert.Equal("torch", Find(result, torch).Name);
        Assert.Contains(result.Warnings, w => w.Contains("conda env list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hostile_folder_and_kernel_names_stay_data()
    {
        var name = "a b $(touch PWNED) `touch PWNED` 'q\" $HOME\nnewline ü ;|&";
        var venv = host.Prefix(Path.Combine("proj", name, ".venv"), "home = /usr/bin\ninclude-system-site-packages = false\n");
        // Outside every known root: only conda env list, read back through the octal escapes, leads there.
        var conda = host.Prefix(Path.Combine("tools", "envs", name), conda: true);
        host.Kernel(".local/share/jupyter/kernels", name, JsonSerializer.Serialize(new { argv = new[] { venv + "/bin/python", "-m", "ipykernel_launcher" }, display_name = "x\ny" }));
        host.Tool("conda", $"cat <<'JSON'\n{JsonSerializer.Serialize(new { envs = new[] { conda } })}\nJSON\n");

        var result = await DiscoverAsync(new DiscoveryOptions { SearchPath = "/usr/bin", Roots = [Path.Combine(host.Home, "proj")] });

        Assert.Empty(result.Warnings);
        Assert.Equal(name, Find(result, conda).Name);
        Assert.Equal(name, Find(result, venv).KernelName);
        Assert.Equal("x\ny", Assert.Single(result.Kernels, k => k.Name == name).DisplayName);
        Assert.Empty(Directory.GetFiles(host.Home, "PWNED", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles("/", "PWNED", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public async Task An_interpreter_that_hangs_ends_discovery_at_the_bound_with_what_was_found()
    {
        host.Tool("python3", "exec sleep 30\n");

        var stopwatch = Stopwatch.StartNew();
        var result = await DiscoverAsync(new DiscoveryOptions { SearchPath = "/usr/bin:" + host.Bin, Timeout = TimeSpan.FromSeconds(2) });

        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0, 4);
        Assert.True(result.TimedOut);
        Assert.Contains(result.Warnings, w => w.Contains("stopped after 2 s", StringComparison.Ordinal));
        Assert.Single(result.Environments, e => e.Python == "/usr/bin/python3");
    }

    [Fact]
    public async Task Without_coreutils_timeout_a_hanging_interpreter_is_still_stopped()
    {
        // A PATH with the few tools the script needs, but no timeout(1).
        var tools = Path.Combine(host.Home, "tools");
        Directory.CreateDirectory(tools);
        foreach (var tool in new[] { "date", "readlink", "sleep", "cat" })
        {
            File.CreateSymbolicLink(Path.Combine(tools, tool), "/usr/bin/" + tool);
        }

        host.Tool("python3", "exec sleep 30\n");

        var stopwatch = Stopwatch.StartNew();
        var stdout = await host.RunAsync(new DiscoveryOptions { SearchPath = "/usr/bin:" + host.Bin, Timeout = TimeSpan.FromSeconds(2) }, tools);
        var result = EnvironmentDiscoverer.Interpret(stdout, new DiscoveryOptions());

        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0, 4);
        Assert.True(result.TimedOut);
        Assert.Single(result.Environments, e => e.Python == "/usr/bin/python3");
    }

    public void Dispose() => host.Dispose();

    private static DiscoveredEnvironment Find(DiscoveryResult result, string path) =>
        Assert.Single(result.Environments, e => e.Path == path);

    private async Task<DiscoveryResult> DiscoverAsync(DiscoveryOptions options) =>
        EnvironmentDiscoverer.Interpret(await host.RunAsync(options), options);
}

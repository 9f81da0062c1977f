using System.Text.Json;
using RemoteJupyter.Core.Environments;

namespace RemoteJupyter.Core.Tests.Environments;

/// <summary>Reading the script's records back: kinds, names, kernels, and output that is cut short or noisy.</summary>
public sealed class DiscoveryOutputTests
{
    private static readonly DiscoveryOptions Options = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public void Each_environment_gets_the_kernel_whose_argv0_runs_it_python_or_python3_alike()
    {
        var result = Interpret(
            Env("root", "/p/venv", "/p/venv/bin/python", cfg: "home = /usr/bin\n"),
            Env("path", "", "/usr/bin/python3"),
            Env("conda", "/c/envs/torch", "/c/envs/torch/bin/python", conda: true),
            Kernel("mine", "/k/mine", "/p/venv/bin/python3.12"),
            Kernel("python3", "/usr/share/jupyter/kernels/python3", "python3"),
            Kernel("torch", "/c/envs/torch/share/jupyter/kernels/torch", "python"),
            Kernel("ir", "/c/envs/torch/share/jupyter/kernels/ir", "R"),
            "done");

        Assert.Equal("mine", Single(result, "/p/venv").KernelName);
        Assert.Equal("python3", Single(result, "/usr/bin/python3").KernelName);
        Assert.Equal("torch", Single(result, "/c/envs/torch").KernelName);
        // Only an absolute argv[0] names the interpreter; a bare name is resolved on PATH at launch.
        Assert.Equal(["/p/venv/bin/python3.12", null, null, null], result.Kernels.Select(k => k.Python).ToList());
    }

    [Fact]
    public void A_kernel_of_another_prefix_is_not_claimed()
    {
        var result = Interpret(
            Env("root", "/p/a", "/p/a/bin/python", cfg: string.Empty),
            Kernel("b", "/k/b", "/p/b/bin/python"),
            Kernel("bare", "/home/u/.local/share/jupyter/kernels/bare", "python3"),
            "done");

        Assert.Null(Single(result, "/p/a").KernelName);
    }

    [Theory]
    [InlineData("/home/u/miniconda3", true, "base")]
    [InlineData("/home/u/miniconda3/envs/torch", false, "torch")]
    [InlineData("/home/u/work/env", false, null)]
    public void Conda_envs_are_named_as_conda_names_them(string prefix, bool root, string? name) =>
        Assert.Equal(name, ProbeRecord.CondaName(prefix, root));

    [Fact]
    public void A_pyenv_version_that_is_a_virtualenv_or_conda_is_counted_as_what_it_is()
    {
        var result = Interpret(
            Env("pyenv", "/r/versions/3.12.6", "/r/versions/3.12.6/bin/python"),
            Env("pyenv", "/r/versions/ve", "/r/versions/ve/bin/python", cfg: "virtualenv = 20.26.3\n"),
            Env("pyenv", "/r/versions/miniconda3-latest", "/r/versions/miniconda3-latest/bin/python", conda: true),
            "done");

        Assert.Equal(
            [EnvironmentKind.Pyenv, EnvironmentKind.Virtualenv, EnvironmentKind.Conda],
            result.Environments.Select(e => e.Kind).ToList());
    }

    [Fact]
    public void An_environment_folder_without_pyvenv_cfg_is_an_old_virtualenv()
    {
        var result = Interpret(Env("venv", "/h/.virtualenvs/old", "/h/.virtualenvs/old/bin/python"), "done");

        Assert.Equal(EnvironmentKind.Virtualenv, Single(result, "/h/.virtualenvs/old").Kind);
    }

    [Fact]
    public void Noise_is_skipped_and_a_cut_off_last_record_is_dropped_with_a_warning()
    {
        var stdout = "Welcome to the cluster\n" + Env("path", "", "/usr/bin/python3") + "\nenv\t{\"broken\n" + Env("root", "/p/x", "/p/x/bin/python")[..20];

        var result = EnvironmentDiscoverer.Interpret(stdout, Options);

        Assert.Single(result.Environments);
        Assert.True(result.TimedOut);
        Assert.Contains(result.Warnings, w => w.Contains("unreadable env record", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("did not run to its end", StringComparison.Ordinal));
    }

    [Fact]
    public void A_timeout_record_keeps_what_came_before_and_says_so()
    {
        var result = Interpret(Env("path", "", "/usr/bin/python3"), "timeout");

        Assert.True(result.TimedOut);
        Assert.Single(result.Environments);
        Assert.Contains(result.Warnings, w => w.Contains("stopped after 10 s", StringComparison.Ordinal));
    }

    private static DiscoveryResult Interpret(params string[] lines) =>
        EnvironmentDiscoverer.Interpret(string.Join('\n', lines) + "\n", Options);

    private static DiscoveredEnvironment Single(DiscoveryResult result, string path) =>
        Assert.Single(result.Environments, e => e.Path == path);

    private static string Env(string hint, string prefix, string python, string? cfg = null, bool conda = false) =>
        "env\t" + JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["hint"] = hint, ["prefix"] = prefix, ["python"] = python, ["executable"] = python, ["version"] = "3.11.2",
            ["ipykernel"] = true, ["jupyter_server"] = false, ["conda_meta"] = conda, ["conda_root"] = false, ["pyvenv_cfg"] = cfg,
        });

    private static string Kernel(string name, string dir, string argv0) =>
        "kernel\t" + JsonSerializer.Serialize(new { name, display_name = name, dir, argv0, language = "python" });
}

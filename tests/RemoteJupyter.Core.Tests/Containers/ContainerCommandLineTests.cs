using System.Diagnostics;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Tests.Containers;

/// <summary>
/// The run command lines, expanded by a real <c>sh</c> with the launch script's variables set, as the engine would get
/// them in argv. Podman's are also exercised for real by the integration tests; docker's only here.
/// </summary>
public sealed class ContainerCommandLineTests
{
    private const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly ContainerEngine RootlessPodman = new("podman", ContainerEngineKind.Podman, "/usr/bin/podman", "4.3.1", Rootless: true, Usable: true);
    private static readonly ContainerEngine RootfulPodman = RootlessPodman with { Rootless = false };
    private static readonly ContainerEngine Docker = new("docker", ContainerEngineKind.Docker, "/usr/bin/docker", "27.3.1", Rootless: false, Usable: true);

    [Fact]
    public void Rootless_podman_keeps_the_users_id_and_uses_the_hosts_loopback()
    {
        var argv = Expand(RootlessPodman, "localhost/rj-jupyter:bookworm", new ContainerRequest("localhost/rj-jupyter:bookworm"), new ServerSettings());

        Assert.Equal(
            ["podman", "run", "-d", "--pull=never", "--name", "remote-jupyter-abc", "--label", "remote-jupyter.id=abc",
                "-v", "/home/me/.remote-jupyter/servers/abc:/home/me/.remote-jupyter/servers/abc", "-v", "/home/me/my project:/home/me/my project",
                "-w", "/home/me/my project", "-e", "JUPYTER_TOKEN", "-e", "JUPYTER_RUNTIME_DIR=/home/me/.remote-jupyter/servers/abc/runtime",
                "-e", "HOME=/home/me/.remote-jupyter/servers/abc/home", "--userns=keep-id", "--network=host",
                "--entrypoint", "python3", "localhost/rj-jupyter:bookworm", "-m", "jupyter_server",
                "--ServerApp.ip=127.0.0.1", "--ServerApp.port=41234", "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
                "--ServerApp.root_dir=/home/me/my project"],
            argv);
    }

    [Fact]
    public void Docker_runs_as_the_users_uid_and_gid_with_limits_and_gpus()
    {
        var request = new ContainerRequest("python:3.12") { Cpus = 1.5, Gpus = true };
        var argv = Expand(Docker, "python:3.12", request, new ServerSettings(MemoryLimitMb: 2048, IdleShutdownMinutes: 30));

        Assert.Equal("docker", argv[0]);
        Assert.Contains("--user", argv);
        Assert.Equal("1000:1001", argv[argv.IndexOf("--user") + 1]);
        Assert.Contains("HOME=/home/me/.remote-jupyter/servers/abc/home", argv);
        Assert.DoesNotContain("--userns=keep-id", argv);
        Assert.Contains("--memory=2048m", argv);
        Assert.Contains("--cpus=1.5", argv);
        Assert.Equal("all", argv[argv.IndexOf("--gpus") + 1]);
        Assert.Contains("--MappingKernelManager.cull_idle_timeout=1800", argv);
    }

    [Fact]
    public void Rootful_podman_runs_as_the_user_and_passes_gpus_by_cdi()
    {
        var argv = Expand(RootfulPodman, "img", new ContainerRequest("img") { Gpus = true }, new ServerSettings());

        Assert.Equal("1000:1001", argv[argv.IndexOf("--user") + 1]);
        Assert.Equal("nvidia.com/gpu=all", argv[argv.IndexOf("--device") + 1]);
        Assert.DoesNotContain("--gpus", argv);
    }

    [Fact]
    public void Publish_mode_maps_the_chosen_port_on_the_hosts_loopback_only()
    {
        var argv = Expand(Docker, "img", new ContainerRequest("img") { Network = ContainerNetwork.Publish }, new ServerSettings());

        Assert.Equal("127.0.0.1:41234:8888", argv[argv.IndexOf("-p") + 1]);
        Assert.DoesNotContain("--network=host", argv);
        Assert.Contains("--ServerApp.ip=0.0.0.0", argv);
        Assert.Contains("--ServerApp.port=8888", argv);
    }

    [Fact]
    public void Odd_image_names_and_extra_arguments_stay_single_words()
    {
        var image = "evil; rm -rf ~ $(id)";
        var argv = Expand(RootlessPodman, image, new ContainerRequest(image), new ServerSettings(ExtraArgs: ["--ServerApp.terminals_enabled=False", "a b'c"]));

        Assert.Contains(image, argv);
        Assert.Contains("a b'c", argv);
    }

    [Fact]
    public void The_launch_script_passes_the_token_by_environment_only()
    {
        var script = ContainerLaunchScript.Build(
            new ServerLayout(), "abc", JupyterToken.FromValue(Token), RootlessPodman, "img", new ContainerRequest("img"), new LaunchRequest("python3"), "1.0");

        // Exactly one occurrence: the export; the engine gets "-e JUPYTER_TOKEN" without a value.
        Assert.Single(script.Split('\n'), line => line.Contains(Token, StringComparison.Ordinal));
        Assert.Contains("export JUPYTER_TOKEN=" + Token + "\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, string.Join(' ', ContainerCommandLine.Run(RootlessPodman, "img", new ContainerRequest("img"), new ServerSettings())), StringComparison.Ordinal);
        Assert.Contains("-e JUPYTER_TOKEN -e", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_check_never_pulls_and_needs_no_network()
    {
        Assert.Equal(
            ["docker", "run", "--rm", "--pull=never", "--network=none", "--entrypoint", "python3", "img", "-c", "print(1)"],
            ContainerCommandLine.Check(Docker, "img", "print(1)"));
    }

    /// <summary>What the engine's argv would be: the words, expanded by sh with the launch script's variables.</summary>
    private static List<string> Expand(ContainerEngine engine, string image, ContainerRequest request, ServerSettings settings)
    {
        var words = string.Join(' ', ContainerCommandLine.Run(engine, image, request, settings));
        var script = "name=remote-jupyter-abc id=abc dir=/home/me/.remote-jupyter/servers/abc workdir='/home/me/my project' port=41234 uid=1000 gid=1001\n" +
            "set -- " + words + "\nprintf '%s\\0' \"$@\"";
        var start = new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true };
        using var sh = Process.Start(start)!;
        var output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        Assert.Equal(0, sh.ExitCode);
        return output.TrimEnd('\0').Split('\0').ToList();
    }
}

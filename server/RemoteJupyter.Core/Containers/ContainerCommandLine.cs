using System.Globalization;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// The engine command lines, built from options as shell words: values through <see cref="ShellQuote"/>, and the few
/// things only the host knows (its server folder, working folder, port, uid) as fixed references to the launch script's
/// variables (<c>"$dir"</c>, <c>"$workdir"</c>, <c>"$port"</c>, <c>"$uid"</c>, <c>"$gid"</c>, <c>"$name"</c>, <c>"$id"</c>).
/// The token is never a word: <c>-e JUPYTER_TOKEN</c> without a value hands the engine's own environment variable on.
/// </summary>
internal static class ContainerCommandLine
{
    /// <summary>The port Jupyter listens on inside a container with its own network.</summary>
    public const int PublishedContainerPort = 8888;

    /// <summary><c>ENGINE run --rm</c> of the image's python3 with <paramref name="code"/>, never pulling, without network.</summary>
    public static IReadOnlyList<string> Check(ContainerEngine engine, string image, string code) =>
        [engine.Command, "run", "--rm", "--pull=never", "--network=none", "--entrypoint", "python3", image, "-c", code];

    /// <summary>The words of <c>ENGINE run -d …</c> that start Jupyter in a container for one server.</summary>
    public static IReadOnlyList<string> Run(ContainerEngine engine, string image, ContainerRequest request, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var words = new List<string>
        {
            ShellQuote.Quote(engine.Command), "run", "-d", "--pull=never",
            "--name", "\"$name\"", "--label", "\"remote-jupyter.id=$id\"",
            // The server's own folder at the same path: Jupyter's runtime file (with the token, 0600) lands where the
            // host's lifecycle scripts read it, and HOME is a private folder inside it.
            "-v", "\"$dir:$dir\"", "-v", "\"$workdir:$workdir\"", "-w", "\"$workdir\"",
            "-e", "JUPYTER_TOKEN", "-e", "\"JUPYTER_RUNTIME_DIR=$dir/runtime\"", "-e", "\"HOME=$dir/home\"",
        };

        // Files written in the mounted folder belong to the person.
        if (engine.Kind == ContainerEngineKind.Podman && engine.Rootless)
        {
            words.Add("--userns=keep-id");
        }
        else
        {
            words.AddRange(["--user", "\"$uid:$gid\""]);
        }

        words.AddRange(request.Network == ContainerNetwork.Host
            ? ["--network=host"]
            : ["-p", $"\"127.0.0.1:$port:{PublishedContainerPort}\""]);
        if (settings.MemoryLimitMb is { } mb)
        {
            words.Add("--memory=" + mb.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (request.Cpus is { } cpus)
        {
            words.Add("--cpus=" + cpus.ToString("0.###", CultureInfo.InvariantCulture));
        }

        if (request.Gpus)
        {
            words.AddRange(engine.Kind == ContainerEngineKind.Docker ? ["--gpus", "all"] : ["--device", "nvidia.com/gpu=all"]);
        }

        // The image may have no jupyter launcher: run the module.
        words.AddRange(["--entrypoint", "python3", ShellQuote.Quote(image), "-m", "jupyter_server"]);
        words.AddRange(request.Network == ContainerNetwork.Host
            ? ["--ServerApp.ip=127.0.0.1", "\"--ServerApp.port=$port\""]
            : ["--ServerApp.ip=0.0.0.0", $"--ServerApp.port={PublishedContainerPort}"]);
        words.AddRange(["--ServerApp.port_retries=0", "--ServerApp.open_browser=False", "\"--ServerApp.root_dir=$workdir\""]);
        words.AddRange(LaunchScript.ExtraArguments(settings).Select(ShellQuote.Quote));
        return words;
    }
}

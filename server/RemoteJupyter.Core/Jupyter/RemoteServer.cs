using System.Text.Json.Serialization;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>A Jupyter server we started on a remote host, as recorded in its state file.</summary>
/// <param name="Id">Our id for it (also its folder name).</param>
/// <param name="Pid">Process id on the remote.</param>
/// <param name="Port">Port on the remote's 127.0.0.1.</param>
/// <param name="Python">The interpreter it runs on.</param>
/// <param name="EnvironmentPath">The venv, if any.</param>
/// <param name="WorkingDirectory">Its root folder.</param>
/// <param name="StartedAt">UTC start time.</param>
/// <param name="Version">The product version that started it.</param>
/// <param name="LogPath">Its log file on the remote.</param>
/// <param name="Alive">False when the process is gone (a stale record).</param>
public sealed record RemoteServer(
    string Id,
    int Pid,
    int Port,
    string Python,
    string? EnvironmentPath,
    string WorkingDirectory,
    DateTimeOffset StartedAt,
    string Version,
    string LogPath,
    bool Alive = true)
{
    /// <summary>detached or tmux (null in state written before persistence was a choice).</summary>
    public string? Persistence { get; init; }

    /// <summary>How memory is capped: systemd (a user scope's MemoryMax) or ulimit; null when not capped.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>The tmux session holding the server, when <see cref="Persistence"/> is tmux.</summary>
    public string? TmuxSession { get; init; }

    /// <summary>The container the server runs in (<c>remote-jupyter-ID</c>); null for a plain server.</summary>
    public string? Container { get; init; }

    /// <summary>The engine command that runs <see cref="Container"/>: podman or docker.</summary>
    public string? Engine { get; init; }

    /// <summary>The image <see cref="Container"/> runs.</summary>
    public string? Image { get; init; }

    /// <summary>A container that has exited: its exit code (the server is then not <see cref="Alive"/>).</summary>
    public int? ExitCode { get; init; }

    /// <summary>A container that has exited: the last lines of its log.</summary>
    public IReadOnlyList<string>? LastLogLines { get; init; }

    /// <summary>What the server said about itself when listed; null when it was not asked.</summary>
    public ServerHealth? Health { get; init; }

    /// <summary>Things the person should know about how it was started (not part of the state file).</summary>
    /// <remarks>Ignored by JSON: generated deserializers set every init-only property they know, absent ones to null.</remarks>
    [JsonIgnore]
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

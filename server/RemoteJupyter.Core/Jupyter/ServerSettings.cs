namespace RemoteJupyter.Core.Jupyter;

/// <summary>Per-server choices from the person's settings.</summary>
/// <param name="ExtraArgs">Appended to the jupyter_server command line (each one quoted, never interpreted).</param>
/// <param name="IdleShutdownMinutes">Cull idle kernels and stop the server after this long without activity.</param>
/// <param name="NiceLevel">Run the server and its kernels under <c>nice -n</c>.</param>
/// <param name="MemoryLimitMb">Memory cap for the server and its kernels: a <c>systemd-run --user --scope -p MemoryMax=</c>
/// scope where the host's user systemd allows it, else <c>ulimit -v</c> (address space, per process).</param>
/// <param name="Persistence">How the server outlives the SSH session: a detached process or a tmux session.</param>
public sealed record ServerSettings(
    IReadOnlyList<string>? ExtraArgs = null,
    int? IdleShutdownMinutes = null,
    int? NiceLevel = null,
    int? MemoryLimitMb = null,
    ServerPersistence Persistence = ServerPersistence.Detached);

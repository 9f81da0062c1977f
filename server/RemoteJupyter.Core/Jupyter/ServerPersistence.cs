namespace RemoteJupyter.Core.Jupyter;

/// <summary>How a server outlives the SSH session that started it.</summary>
public enum ServerPersistence
{
    /// <summary><c>setsid nohup</c>, every fd redirected (under <c>systemd-run --user</c> where logind kills user processes at logout).</summary>
    Detached,

    /// <summary>A tmux session named <c>remote-jupyter-ID</c>, for people who like to <c>tmux attach</c> and watch it.</summary>
    Tmux,
}

namespace RemoteJupyter.Core.Sessions;

/// <summary>The visible steps from "user@host" to a ready URL, in order.</summary>
public enum SessionStage
{
    /// <summary>SSH handshake and authentication.</summary>
    Connecting,

    /// <summary>Looking for the person's running server for this environment and folder (reattach), or reserving the start.</summary>
    FindingServer,

    /// <summary>Finding or creating the Python environment.</summary>
    PreparingEnvironment,

    /// <summary>Starting jupyter_server and waiting for it.</summary>
    StartingServer,

    /// <summary>Opening the local forward.</summary>
    OpeningTunnel,

    /// <summary>Checking /api/status through the tunnel.</summary>
    Verifying,
}

/// <summary>Whether a stage begins or ends (the Starting/Completed shape of dev-tunnels' Progress).</summary>
public enum StageState
{
    /// <summary>The stage began.</summary>
    Starting,

    /// <summary>The stage finished successfully.</summary>
    Completed,

    /// <summary>A line a tool printed during the stage (a container build's log), as it printed it.</summary>
    Output,
}

/// <summary>One progress report: stage, state, and a line a person can read.</summary>
public sealed record SessionProgress(SessionStage Stage, StageState State, string Message);

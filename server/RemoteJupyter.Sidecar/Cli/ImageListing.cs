namespace RemoteJupyter.Sidecar.Cli;

/// <summary>How much <c>envs HOST</c> says about container images.</summary>
internal enum ImageListing
{
    /// <summary><c>--no-containers</c>: nothing.</summary>
    None,

    /// <summary>Engines and images, without running any image.</summary>
    Listed,

    /// <summary><c>--check-images</c>: also run each image's python3 once to show whether it has Jupyter.</summary>
    Checked,
}

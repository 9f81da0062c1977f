namespace RemoteJupyter.Sidecar.Bench;

/// <summary>Every figure of one bench run; <c>--json</c> writes exactly this (camelCase names).</summary>
internal sealed record BenchFigures
{
    /// <summary>Size of each bulk download.</summary>
    public long BulkMiB { get; init; }

    public double ThroughputMiBps { get; init; }

    public double ThroughputMiBpsOpenSsh { get; init; }

    public double ThroughputMiBpsRaw { get; init; }

    public double ThroughputVsOpenSsh => ThroughputMiBps / ThroughputMiBpsOpenSsh;

    public double ThroughputVsRaw => ThroughputMiBps / ThroughputMiBpsRaw;

    public double StatusP50Ms { get; init; }

    public double StatusP99Ms { get; init; }

    public double StatusP50MsOpenSsh { get; init; }

    public double StatusP99MsOpenSsh { get; init; }

    public double StatusP50MsRaw { get; init; }

    public double StatusP99MsRaw { get; init; }

    public double StatusP99VsOpenSsh => StatusP99Ms / StatusP99MsOpenSsh;

    public double KernelRoundTripP50Ms { get; init; }

    public double KernelRoundTripP99Ms { get; init; }

    public double KernelRoundTripP50MsOpenSsh { get; init; }

    public double KernelRoundTripP99MsOpenSsh { get; init; }

    public double KernelRoundTripP50MsRaw { get; init; }

    public double KernelRoundTripP99MsRaw { get; init; }

    public double KernelRoundTripP50VsOpenSsh => KernelRoundTripP50Ms / KernelRoundTripP50MsOpenSsh;

    public double ColdConnectSeconds { get; init; }

    public double OpenSshScriptedConnectSeconds { get; init; }

    public double JupyterStartFloorSeconds { get; init; }

    public int ColdConnectRemoteCommands { get; init; }

    public double ReattachSeconds { get; init; }

    public int ReattachRemoteCommands { get; init; }

    public double SidecarStartMs { get; init; }

    public double IdleRssMb { get; init; }

    /// <summary>Which sidecar the start and RSS rows measured: "native" (the shipped AOT build) or "JIT" (IL on the runtime).</summary>
    public string? SidecarBuild { get; init; }

    /// <summary>The executable those rows measured.</summary>
    public string? SidecarPath { get; init; }

    public int Websockets { get; init; }

    public int WebsocketErrors { get; init; }

    public double WebsocketP99Ms { get; init; }

    public int WebsocketErrorsOpenSsh { get; init; }

    public double WebsocketP99MsOpenSsh { get; init; }

    /// <summary>Why the 50 ms RTT rows are missing, when they are.</summary>
    public string? NetemSkipped { get; init; }

    public double? ColdConnectSecondsAt50msRtt { get; init; }

    public double? ReattachSecondsAt50msRtt { get; init; }
}

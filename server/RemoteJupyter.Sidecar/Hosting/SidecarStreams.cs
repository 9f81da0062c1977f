namespace RemoteJupyter.Sidecar.Hosting;

/// <summary>The byte streams the RPC session runs on: the real stdio, or in-memory pipes in tests.</summary>
internal sealed record SidecarStreams(Stream Input, Stream Output);

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>How much each row measures. <see cref="Full"/> is what the issue asks for; <see cref="Quick"/> checks the bench itself in CI.</summary>
internal sealed record BenchPlan(
    long BodyBytes, int Downloads, int StatusRequests, int KernelRoundTrips, int ConnectRepeats, int Websockets, int ExecutesPerWebsocket, int SidecarStarts)
{
    public static readonly BenchPlan Full = new(256L << 20, Downloads: 5, StatusRequests: 2000, KernelRoundTrips: 500, ConnectRepeats: 3, Websockets: 50, ExecutesPerWebsocket: 10, SidecarStarts: 5);

    public static readonly BenchPlan Quick = new(16L << 20, Downloads: 1, StatusRequests: 100, KernelRoundTrips: 20, ConnectRepeats: 1, Websockets: 6, ExecutesPerWebsocket: 2, SidecarStarts: 1);
}

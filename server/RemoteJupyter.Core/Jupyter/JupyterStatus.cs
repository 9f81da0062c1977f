namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// The answer of <c>GET api/status</c>: whether the server is alive and how busy it is.
/// </summary>
/// <param name="Started">When the server started.</param>
/// <param name="LastActivity">The last time the server saw activity from a client or kernel.</param>
/// <param name="Connections">Open websocket connections to kernels.</param>
/// <param name="Kernels">Running kernels.</param>
public sealed record JupyterStatus(DateTimeOffset Started, DateTimeOffset LastActivity, int Connections, int Kernels);

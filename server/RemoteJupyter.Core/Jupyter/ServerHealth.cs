namespace RemoteJupyter.Core.Jupyter;

/// <summary>A running server's answer about itself (its <c>/api/status</c>, asked on the host) and its memory.</summary>
/// <param name="Responding">Whether <c>/api/status</c> answered with the server's token.</param>
/// <param name="Kernels">Running kernels.</param>
/// <param name="Connections">Open kernel connections (websockets).</param>
/// <param name="LastActivity">When anything last happened on it.</param>
/// <param name="RssBytes">Resident memory of the server and every process under it (its kernels).</param>
public sealed record ServerHealth(bool Responding, int? Kernels, int? Connections, DateTimeOffset? LastActivity, long? RssBytes);

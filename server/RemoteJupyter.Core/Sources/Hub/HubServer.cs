namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>One of a user's servers on a hub.</summary>
/// <param name="Name">The server name; "" for the default server.</param>
/// <param name="Ready">The hub has it running and routed.</param>
/// <param name="Pending">"spawn" or "stop" while the hub is busy with it, else null.</param>
/// <param name="Url">Its absolute address, like <c>http://hub/user/alice/nb1/</c>; a Jupyter server API root.</param>
/// <param name="Started">When it was started, if the hub tells.</param>
/// <param name="LastActivity">Its last activity as the hub saw it.</param>
public sealed record HubServer(string Name, bool Ready, string? Pending, Uri Url, DateTimeOffset? Started, DateTimeOffset? LastActivity);

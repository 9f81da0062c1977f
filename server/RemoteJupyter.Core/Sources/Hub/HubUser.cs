namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>A hub user and the servers the hub knows for them, the default one (name "") included when it exists.</summary>
public sealed record HubUser(string Name, IReadOnlyList<HubServer> Servers);

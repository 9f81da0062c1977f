namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>Enum names on the wire are camelCase, like every other name.</summary>
internal static class JsonNaming
{
    public static string Camel(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

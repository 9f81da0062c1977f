using System.Text.Json;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>Reads the state.json records the remote scripts write.</summary>
internal static class RemoteServerJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static RemoteServer? Parse(string json, bool alive = true)
    {
        try
        {
            var server = JsonSerializer.Deserialize<RemoteServer>(json, Options);
            return server is null ? null : server with { Alive = alive };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

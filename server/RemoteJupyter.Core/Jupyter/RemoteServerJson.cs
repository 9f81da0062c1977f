using System.Text.Json;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>Reads the state.json records the remote scripts write.</summary>
internal static class RemoteServerJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static RemoteServer? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RemoteServer>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using RemoteJupyter.Core.Json;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>Reads the state.json records the remote scripts write.</summary>
internal static class RemoteServerJson
{
    public static RemoteServer? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CoreJsonContext.Default.RemoteServer);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

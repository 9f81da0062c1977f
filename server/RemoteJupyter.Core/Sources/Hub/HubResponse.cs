using System.Net;
using System.Text.Json;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>One hub API answer: its status, JSON body (default when none) and the hub's error message, if any.</summary>
internal readonly record struct HubResponse(HttpStatusCode Status, JsonElement Json, string? Message)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

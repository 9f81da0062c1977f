using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RemoteJupyter.Core.Json;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Builds the Jupyter messaging-protocol messages we send, kept apart from the socket code so tests can pin
/// the exact wire shape without a server.
/// </summary>
internal static class KernelMessages
{
    /// <summary>The protocol version we speak; 5.3 is understood by every ipykernel since 2017.</summary>
    internal const string ProtocolVersion = "5.3";

    /// <summary>Shown in kernel logs and history, so it says who sent the code.</summary>
    internal const string Username = "remote-jupyter";

    /// <summary>A new message or session id in the form Jupyter itself uses (32 hex digits).</summary>
    internal static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>An <c>execute_request</c> for the shell channel, framed as jupyter_server's JSON websocket protocol expects.</summary>
    internal static byte[] ExecuteRequest(string msgId, string sessionId, string code, DateTimeOffset now)
    {
        var message = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["msg_id"] = msgId,
                ["msg_type"] = "execute_request",
                ["session"] = sessionId,
                ["username"] = Username,
                ["date"] = now.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
                ["version"] = ProtocolVersion,
            },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = new JsonObject
            {
                ["code"] = code,
                ["silent"] = false,
                ["store_history"] = true,
                ["user_expressions"] = new JsonObject(),
                ["allow_stdin"] = false,
                // One request at a time, each awaited: a failed cell must not make ipykernel abort the
                // next one that arrives within its stop-on-error window.
                ["stop_on_error"] = false,
            },
            ["channel"] = "shell",
        };
        return JsonSerializer.SerializeToUtf8Bytes(message, CoreJsonContext.Default.JsonObject);
    }
}

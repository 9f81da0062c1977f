using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>
/// Reads the hub's spawn progress (<c>text/event-stream</c>) as it arrives. The framework's SSE parser does the
/// framing: multi-line <c>data:</c>, comments, and the blank lines the hub sends every 8 s as keep-alives.
/// </summary>
internal static class HubProgressEvents
{
    /// <summary>Yields each event as soon as its blank line arrives; ends when the hub closes the stream.</summary>
    public static async IAsyncEnumerable<HubProgress> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = SseParser.Create(stream, static (_, data) => data.IsEmpty ? null : HubJson.Progress(data));
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            if (item.Data is { } progress)
            {
                yield return progress;
            }
        }
    }
}

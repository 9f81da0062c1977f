using System.Net;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>Requests the session itself makes (status, login), bounded in time and with failures a person can act on.</summary>
public sealed partial class ExistingServerSession
{
    private async Task<HttpStatusCode> GetStatusCodeAsync(IReadOnlyDictionary<string, string> with, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(LocalBaseUrl, "api/status"));
        foreach (var (name, value) in with)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await SendAsync(request, "Reading api/status", ct);
        return response.StatusCode;
    }

    /// <summary>Sends; no answer at all (refused, reset, timed out) becomes <see cref="ErrorCode.ServerUnreachable"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            return await http.SendAsync(request, deadline.Token);
        }
        catch (HttpRequestException ex)
        {
            // Through the relay, a failed dial or handshake shows up here as a closed connection; say where we went.
            throw new RemoteJupyterException(
                ErrorCode.ServerUnreachable,
                $"{what} from {Address.Display} failed: the server did not answer ({ex.Message}).",
                ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new RemoteJupyterException(
                ErrorCode.ServerUnreachable,
                $"{what} from {Address.Display} failed: no answer within {RequestTimeout.TotalSeconds:0} s.",
                ex);
        }
    }
}

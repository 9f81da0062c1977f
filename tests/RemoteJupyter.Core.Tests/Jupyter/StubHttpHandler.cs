using System.Net;
using System.Text;

namespace RemoteJupyter.Core.Tests.Jupyter;

/// <summary>Answers every request with a canned response and remembers what was asked, so tests need no server.</summary>
internal sealed class StubHttpHandler(HttpStatusCode status, string body) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), content));
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
    }
}

using System.Net;
using System.Text;

namespace RemoteJupyter.Core.Tests.Sources;

/// <summary>Answers by method and path from a table, and records every request, so hub calls need no hub.</summary>
internal sealed class HubStubHandler : HttpMessageHandler
{
    private readonly Dictionary<string, (HttpStatusCode Status, string Body, string MediaType)> answers = [];

    public List<(string Route, string? Authorization, string? Body)> Requests { get; } = [];

    public HubStubHandler Answer(string route, HttpStatusCode status, string body = "", string mediaType = "application/json")
    {
        answers[route] = (status, body, mediaType);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var route = $"{request.Method} {request.RequestUri!.AbsolutePath}";
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((route, request.Headers.Authorization?.ToString(), body));
        var (status, text, mediaType) = answers.TryGetValue(route, out var answer) ? answer : (HttpStatusCode.NotFound, """{"status": 404, "message": "Not Found"}""", "application/json");
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, mediaType), RequestMessage = request };
    }
}

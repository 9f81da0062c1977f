using RemoteJupyter.Core.Errors;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>Which hub and user a <c>hub</c> verb acts on, and where its token comes from.</summary>
internal sealed record HubTarget(string Hub, string User, bool TokenStdin, LoggingOptions Logging)
{
    /// <summary>The hub address as a URI; the client checks the rest (scheme, no query).</summary>
    public Uri HubUrl => Uri.TryCreate(Hub, UriKind.Absolute, out var url)
        ? url
        : throw new RemoteJupyterException(ErrorCode.InvalidServerUrl, $"'{Hub}' is not a hub address; give one like https://hub.example.org/.");
}

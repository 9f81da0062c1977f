using System.Net;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>Which existing Jupyter server to use and how to log in.</summary>
/// <param name="Url">The server's URL as pasted; a <c>?token=</c> in it is used when <paramref name="Token"/> is null.</param>
/// <param name="Token">The server's token, or null.</param>
/// <param name="Password">The password set in the server's config (<c>ServerApp.password</c>), or null. Wins over a token.</param>
public sealed record ExistingServerRequest(string Url, string? Token, string? Password)
{
    /// <summary>Where accepted certificates are kept; null for <c>~/.remote-jupyter/known_certificates</c>.</summary>
    public string? PinFile { get; init; }

    /// <summary>
    /// Connect here instead of the URL's host and port, e.g. a local SSH tunnel. The certificate's name check and
    /// pin still use the URL's host and port.
    /// </summary>
    public DnsEndPoint? Dial { get; init; }

    /// <summary>Keeps the password out of logs and debugger displays, which print records.</summary>
    public override string ToString() =>
        $"ExistingServerRequest {{ Url = {SafeUrl()}, Token = {(Token is null ? "null" : "***")}, Password = {(Password is null ? "null" : "***")}, PinFile = {PinFile}, Dial = {Dial} }}";

    private string SafeUrl()
    {
        try
        {
            return ServerAddress.Parse(Url).Display;
        }
        catch (Errors.RemoteJupyterException)
        {
            return "(invalid)";
        }
    }
}

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>How a session proves itself to an existing server.</summary>
public enum ServerAuthKind
{
    /// <summary>The server has authentication turned off.</summary>
    None,

    /// <summary><c>Authorization: token …</c> on every request.</summary>
    Token,

    /// <summary>The login page's session cookie, with the XSRF header Jupyter requires beside cookies.</summary>
    Password,
}

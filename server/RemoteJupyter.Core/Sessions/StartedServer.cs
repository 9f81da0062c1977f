using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Sessions;

/// <summary>
/// A running remote server reachable through a local tunnel. Disposing closes the tunnel only; the
/// server keeps running on the host until stopped.
/// </summary>
public sealed class StartedServer : IDisposable
{
    internal StartedServer(RemoteServer server, PythonEnvironment environment, LocalTunnel tunnel, JupyterToken token)
    {
        Server = server;
        Environment = environment;
        Tunnel = tunnel;
        Token = token;
    }

    /// <summary>The server as recorded on the host.</summary>
    public RemoteServer Server { get; }

    /// <summary>The Python it runs on.</summary>
    public PythonEnvironment Environment { get; }

    /// <summary>The local forward.</summary>
    public LocalTunnel Tunnel { get; }

    /// <summary>The server's token (redacted in ToString).</summary>
    public JupyterToken Token { get; }

    /// <summary>True when this is a server that was already running (reattached), not a new one.</summary>
    public bool Reused { get; init; }

    /// <summary><c>http://127.0.0.1:PORT/</c>, without the token.</summary>
    public Uri LocalUrl => Tunnel.LocalUrl;

    /// <inheritdoc/>
    public void Dispose() => Tunnel.Dispose();
}

using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Slurm;

/// <summary>
/// Jupyter running in a Slurm job, reachable through a local tunnel via the login node (and, for a jump, an SSH
/// connection to the node that this server owns). Disposing closes the tunnel and that connection only; the job runs
/// on until stopped or its walltime ends.
/// </summary>
public sealed class SlurmServer : IDisposable
{
    private readonly SshConnection? nodeConnection;

    internal SlurmServer(
        string id, SlurmJobStatus status, SlurmEndpoint endpoint, LocalTunnel tunnel, JupyterToken token, bool reattached, string access, SshConnection? nodeConnection)
    {
        Id = id;
        Status = status;
        Endpoint = endpoint;
        Tunnel = tunnel;
        Token = token;
        Reattached = reattached;
        Access = access;
        this.nodeConnection = nodeConnection;
    }

    /// <summary>The product's id for it: the folder under <c>~/.remote-jupyter/jobs/</c>.</summary>
    public string Id { get; }

    /// <summary>The job as last seen (RUNNING, its node and walltime left at that moment).</summary>
    public SlurmJobStatus Status { get; }

    /// <summary>Node, bound address, port and binding mode.</summary>
    public SlurmEndpoint Endpoint { get; }

    /// <summary>The local forward.</summary>
    public LocalTunnel Tunnel { get; }

    /// <summary>The server's token (redacted in ToString).</summary>
    public JupyterToken Token { get; }

    /// <summary>True when this job was already running (a reattach), not submitted by this call.</summary>
    public bool Reattached { get; }

    /// <summary>How the tunnel reaches Jupyter: <c>direct</c> (the node is the login node), <c>jump</c> or <c>node-address</c>.</summary>
    public string Access { get; }

    /// <summary>The SSH connection to the node for a jump (it reconnects on its own through the login connection), else null.</summary>
    internal SshConnection? NodeConnection => nodeConnection;

    /// <summary><c>http://127.0.0.1:PORT/</c>, without the token.</summary>
    public Uri LocalUrl => Tunnel.LocalUrl;

    /// <inheritdoc/>
    public void Dispose()
    {
        Tunnel.Dispose();
        nodeConnection?.Dispose();
    }
}

namespace RemoteJupyter.Core.Slurm;

/// <summary>Which address Jupyter binds on the compute node; the tunnel from the login node goes there.</summary>
public enum SlurmBinding
{
    /// <summary>
    /// 127.0.0.1 on the node: nothing else on the network can reach it. The login node reaches it only when the node's
    /// loopback is its own (a one-host cluster); a jump to the node is not built yet.
    /// </summary>
    Loopback,

    /// <summary>The node's own address (Slurm's NodeAddr), with the token as the only key.</summary>
    NodeAddress,
}

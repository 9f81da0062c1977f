namespace RemoteJupyter.Core.Slurm;

/// <summary>Which address Jupyter binds on the compute node; follows from <see cref="SlurmNodeAccess"/>.</summary>
public enum SlurmBinding
{
    /// <summary>127.0.0.1 on the node: nothing else on the network can reach it; reached directly on a one-host cluster, else by a jump to the node.</summary>
    Loopback,

    /// <summary>The node's own address (Slurm's NodeAddr), with the token as the only key.</summary>
    NodeAddress,
}

namespace RemoteJupyter.Core.Slurm;

/// <summary>How the sidecar reaches Jupyter on the compute node (through the login node in every case).</summary>
public enum SlurmNodeAccess
{
    /// <summary>Jupyter on the node's loopback: a direct forward when the node is the login node itself, else a jump.</summary>
    Auto,

    /// <summary>Jupyter on the node's loopback, reached by SSH to the node through the login node (even when they are one host).</summary>
    Jump,

    /// <summary>Jupyter on the node's address (Slurm's NodeAddr), the token as the only key; a forward from the login node to it.</summary>
    NodeAddress,
}

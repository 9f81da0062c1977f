namespace RemoteJupyter.Core.Ssh;

/// <summary>What the known_hosts files say about a server's host key.</summary>
public enum HostKeyStatus
{
    /// <summary>An entry for this host has exactly this key.</summary>
    Known,

    /// <summary>No entry for this host has a key of this type; ask the person before trusting it.</summary>
    Unknown,

    /// <summary>This host is listed with a different key of the same type: possibly an attack, so refuse.</summary>
    Changed,

    /// <summary>The key is marked <c>@revoked</c> for this host; refuse whatever else the files say.</summary>
    Revoked,
}

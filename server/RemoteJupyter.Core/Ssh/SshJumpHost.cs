namespace RemoteJupyter.Core.Ssh;

/// <summary>One hop of a <c>ProxyJump</c> chain, as written (<c>[user@]host[:port]</c> or an <c>ssh://</c> URI).</summary>
/// <param name="User">The user for this hop, or null for the hop's own configuration.</param>
/// <param name="Host">The host or alias of this hop; it is resolved against ssh_config in turn.</param>
/// <param name="Port">The port for this hop, or null for the hop's own configuration.</param>
public sealed record SshJumpHost(string? User, string Host, int? Port);

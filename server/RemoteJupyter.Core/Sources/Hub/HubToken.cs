using System.Text;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>A JupyterHub API token as the hub handed it out.</summary>
/// <param name="Token">The secret itself; it never appears in <see cref="ToString"/>.</param>
/// <param name="Id">The hub's id for the token (like <c>a12</c>), which is not secret and lets us read its expiry.</param>
/// <param name="ExpiresAt">When the hub stops accepting it; null when it never expires.</param>
public sealed record HubToken(string Token, string? Id, DateTimeOffset? ExpiresAt)
{
    /// <summary>Prints everything but the secret, so a logged or interpolated token leaks nothing.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Token = ***, Id = ").Append(Id).Append(", ExpiresAt = ").Append(ExpiresAt);
        return true;
    }
}

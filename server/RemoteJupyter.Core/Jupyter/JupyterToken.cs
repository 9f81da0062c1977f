using System.Security.Cryptography;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// The server's token: 32 random bytes made here, on the person's machine. It reaches the remote only
/// inside a script on stdin. ToString is redacted so it cannot leak through logs or string formatting.
/// </summary>
public sealed class JupyterToken
{
    private JupyterToken(string value) => Value = value;

    /// <summary>The secret itself; pass it only to HTTP headers, stdin scripts and secret stores.</summary>
    public string Value { get; }

    /// <summary>Makes a new random token.</summary>
    public static JupyterToken Create() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Wraps a token obtained elsewhere (secret store).</summary>
    public static JupyterToken FromValue(string value) =>
        new(string.IsNullOrEmpty(value) ? throw new ArgumentException("A token cannot be empty.", nameof(value)) : value);

    /// <inheritdoc/>
    public override string ToString() => "[token]";
}

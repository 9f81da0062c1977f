namespace RemoteJupyter.Core.Ssh;

/// <summary>A request for a secret. <paramref name="Prompt"/> is shown to the person as is.</summary>
/// <param name="Kind">What is asked for; lets a UI pick an icon or offer to remember it.</param>
/// <param name="Prompt">Human text, e.g. "Passphrase for ~/.ssh/id_ed25519".</param>
/// <param name="Attempt">1 for the first ask, 2+ after a wrong answer.</param>
public sealed record SecretRequest(SecretKind Kind, string Prompt, int Attempt)
{
    /// <summary>
    /// True when the server asked for the answer to be shown while typed (a keyboard-interactive prompt with
    /// its echo flag set, e.g. a user name or a menu choice); false for passwords, passphrases and codes.
    /// </summary>
    public bool Echo { get; init; }
}

/// <summary>Kinds of secrets the SSH layer asks for.</summary>
public enum SecretKind
{
    /// <summary>Passphrase of an encrypted private key.</summary>
    Passphrase,

    /// <summary>Account password.</summary>
    Password,

    /// <summary>A one-time or keyboard-interactive answer.</summary>
    Challenge,
}

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The account password the server accepted, kept in memory for the life of one <see cref="SshConnection"/>
/// so that reopening it does not ask again. Never written to disk, logs or messages; forgotten on dispose.
/// </summary>
internal sealed class SecretMemory
{
    private string? password;

    /// <summary>The accepted password, or null.</summary>
    public string? Password => Volatile.Read(ref password);

    public void Remember(string accepted) => Volatile.Write(ref password, accepted);

    /// <summary>A separate memory holding the same password, for a connection made from this one.</summary>
    public SecretMemory Copy()
    {
        var copy = new SecretMemory();
        if (Password is { } known)
        {
            copy.Remember(known);
        }

        return copy;
    }

    public void Forget() => Volatile.Write(ref password, null);
}

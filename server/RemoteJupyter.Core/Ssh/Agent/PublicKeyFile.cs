namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>
/// The public half of an identity file, read from <c>FILE.pub</c> as ssh does, so agent keys can be matched to
/// identity files without opening (or asking the passphrase of) the private key.
/// </summary>
internal static class PublicKeyFile
{
    /// <summary>The key blob in <c><paramref name="identityFile"/>.pub</c> ("type base64 comment"), or null if there is none.</summary>
    public static byte[]? Read(string identityFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(identityFile + ".pub");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(fields[1]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

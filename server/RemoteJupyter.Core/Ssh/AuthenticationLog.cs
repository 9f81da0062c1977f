using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// What happened during one connection's authentication, for the message ssh would print when everything was
/// refused: the methods the server still allowed and how often each prompted method was refused. Holds no secrets.
/// </summary>
internal sealed class AuthenticationLog
{
    /// <summary>The methods the server named in its last refusal, e.g. <c>publickey,password</c>.</summary>
    public IReadOnlyList<string> ServerMethods { get; private set; } = [];

    public int PasswordsRefused { get; private set; }

    public int KeyboardInteractiveRefused { get; private set; }

    public void Record(AuthenticationMethod method, AuthenticationResult result)
    {
        if (method.AllowedAuthentications is { Length: > 0 } allowed)
        {
            ServerMethods = allowed;
        }

        if (result != AuthenticationResult.Failure)
        {
            return;
        }

        switch (method.Name)
        {
            case "password":
                PasswordsRefused++;
                break;
            case "keyboard-interactive":
                KeyboardInteractiveRefused++;
                break;
        }
    }
}

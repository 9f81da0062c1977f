using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// One <c>password</c> attempt whose password is asked of the person only when SSH.NET gets to it, i.e. after
/// every key was refused. SSH.NET tries each method object once, so a connection holds one per allowed attempt.
/// </summary>
internal sealed class PasswordPromptMethod : AuthenticationMethod
{
    private readonly PromptContext context;
    private readonly int attempt;

    public PasswordPromptMethod(string username, PromptContext context, int attempt)
        : base(username)
    {
        this.context = context;
        this.attempt = attempt;
    }

    public override string Name => "password";

    public override AuthenticationResult Authenticate(Session session)
    {
        var remembered = attempt == 1 ? context.Memory.Password : null;
        var password = remembered ?? context.Relay.Ask(
            new SecretRequest(SecretKind.Password, $"{context.Target}'s password", attempt), $"password for {context.Target}");
        using var inner = new PasswordAuthenticationMethod(Username, password);
        var result = inner.Authenticate(session);
        AllowedAuthentications = inner.AllowedAuthentications;
        context.Log.Record(this, result);
        if (result == AuthenticationResult.Success)
        {
            context.Memory.Remember(password);
        }

        return result;
    }
}

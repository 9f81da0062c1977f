using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Puts a question to the person from inside SSH.NET's authentication, which is synchronous: SSH.NET calls
/// <see cref="Renci.SshNet.AuthenticationMethod.Authenticate"/> and raises keyboard-interactive prompts on
/// thread-pool threads and expects the answer before it returns. There is no async hook, and the answer
/// must arrive on the same SSH session (a one-time code cannot be replayed on a new connection), so this
/// blocks that thread until the person answers.
/// </summary>
/// <remarks>
/// The wait is bounded by <see cref="MaxWait"/> and by the connection's cancellation token, runs on an SSH.NET
/// thread (never a UI or RPC dispatch thread), and no caller holds a lock or a synchronization context while it
/// waits, so the async prompt it waits for can always complete on another thread-pool thread. At most one such
/// wait exists per connection attempt.
/// </remarks>
internal sealed class PromptRelay
{
    /// <summary>Longer than sshd's default LoginGraceTime (2 minutes), after which the server hangs up anyway.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private readonly ISshPrompts prompts;
    private readonly CancellationToken cancellationToken;

    public PromptRelay(ISshPrompts prompts, CancellationToken cancellationToken)
    {
        this.prompts = prompts;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>Asks and waits for the answer; a person who cancels (null) ends the connection attempt with <see cref="ErrorCode.Cancelled"/>.</summary>
    public string Ask(SecretRequest request, string whatFor)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answer = prompts.AskSecretAsync(request, cancellationToken);

        // Justified sync-over-async, see the class remarks: SSH.NET gives us no way to answer later.
#pragma warning disable VSTHRD002 // Avoid problematic synchronous waits
        if (!answer.Wait(MaxWait, cancellationToken))
        {
            throw new RemoteJupyterException(
                ErrorCode.Cancelled, $"No {whatFor} was given within {MaxWait.TotalMinutes:0} minutes; connect again when you are ready.");
        }

        return answer.GetAwaiter().GetResult()
#pragma warning restore VSTHRD002
            ?? throw new RemoteJupyterException(ErrorCode.Cancelled, $"Cancelled: no {whatFor} was given.");
    }
}

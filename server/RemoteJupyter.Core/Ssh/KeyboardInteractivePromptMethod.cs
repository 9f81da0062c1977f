using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// One <c>keyboard-interactive</c> attempt: every question the server sends (a PAM "Password:", a 2FA or OTP
/// code, anything else) goes to the person as is, with the server's instruction in front and, as ssh does,
/// <c>(user@host)</c> before the question. SSH.NET tries each
/// method object once, so a connection holds one per allowed attempt.
/// </summary>
internal sealed partial class KeyboardInteractivePromptMethod : AuthenticationMethod
{
    private const int MaxServerTextLength = 500;
    private readonly PromptContext context;
    private readonly int attempt;

    public KeyboardInteractivePromptMethod(string username, PromptContext context, int attempt)
        : base(username)
    {
        this.context = context;
        this.attempt = attempt;
    }

    public override string Name => "keyboard-interactive";

    public override AuthenticationResult Authenticate(Session session)
    {
        using var inner = new KeyboardInteractiveAuthenticationMethod(Username);
        string? password = null;
        var rememberedUsed = false;
        inner.AuthenticationPrompt += (_, e) =>
        {
            var instruction = Clean(e.Instruction);
            if (e.Prompts.Count == 0 && instruction.Length > 0)
            {
                LogServerMessage(context.Logger, context.Target, instruction);
            }

            foreach (var prompt in e.Prompts.OrderBy(p => p.Id))
            {
                var question = Clean(prompt.Request).TrimEnd(':', ' ');
                var kind = !prompt.IsEchoed && question.Contains("password", StringComparison.OrdinalIgnoreCase)
                    ? SecretKind.Password
                    : SecretKind.Challenge;
                if (kind == SecretKind.Password && attempt == 1 && !rememberedUsed && context.Memory.Password is { } remembered)
                {
                    rememberedUsed = true;
                    prompt.Response = password = remembered;
                    continue;
                }

                // Like ssh since OpenSSH 8.4: "(user@host) Password", so the person knows who asks.
                question = $"({context.Target}) {(question.Length > 0 ? question : "Answer")}";
                var text = instruction.Length > 0 ? $"{instruction}\n{question}" : question;
                var answer = context.Relay.Ask(
                    new SecretRequest(kind, text, attempt) { Echo = prompt.IsEchoed },
                    kind == SecretKind.Password ? $"password for {context.Target}" : $"answer to {context.Target}'s question");
                prompt.Response = answer;
                if (kind == SecretKind.Password)
                {
                    password = answer;
                }

                instruction = string.Empty;
            }
        };

        // SSH.NET waits for the server's verdict with ConnectionInfo.Timeout, and the person answers inside that
        // wait: give them the relay's bound instead of the network timeout, for this method only.
        var info = session.ConnectionInfo;
        var networkTimeout = info.Timeout;
        info.Timeout = PromptRelay.MaxWait + networkTimeout;
        AuthenticationResult result;
        try
        {
            result = inner.Authenticate(session);
        }
        finally
        {
            info.Timeout = networkTimeout;
        }

        AllowedAuthentications = inner.AllowedAuthentications;
        context.Log.Record(this, result);
        if (result == AuthenticationResult.Success && password is not null)
        {
            context.Memory.Remember(password);
        }

        return result;
    }

    /// <summary>Server text is untrusted: no control characters (a fake second line aside from real ones), bounded length.</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(Math.Min(text.Length, MaxServerTextLength));
        foreach (var c in text.Length > MaxServerTextLength ? text[..MaxServerTextLength] : text)
        {
            if (c == '\n' || !char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString().Trim();
    }

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Message from {Target} during login: {Text}")]
    private static partial void LogServerMessage(ILogger logger, string target, string text);
}

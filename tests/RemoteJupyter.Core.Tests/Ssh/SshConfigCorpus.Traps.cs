namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>The corpus: interactions that are easy to get subtly wrong.</summary>
internal static partial class SshConfigCorpus
{
    private static IEnumerable<SshConfigCorpusCase> Traps() =>
    [
        SshConfigCorpusCase.Of(
            "hostname-from-include-seen-by-match",
            "gpu",
            "Host gpu\n  Include {D}/name.conf\nMatch host inc-name.example\n  Port 2230",
            ("name.conf", "HostName INC-name.example")),
        SshConfigCorpusCase.Of("final-pass-user-then-match-user", "gpu bob@gpu", """
            Match final
              User finaluser
            Match user finaluser
              Port 2231
            """),
        SshConfigCorpusCase.Of("time-formats", "a b c d", """
            Host a
              ConnectTimeout 1m30
            Host b
              ConnectTimeout 010
              ServerAliveInterval 1h1m1s
            Host c
              ConnectTimeout 0s
              ServerAliveInterval 3d
            Host d
              ServerAliveCountMax 010
            """),
        SshConfigCorpusCase.Of("identity-duplicates-as-written", "gpu", """
            Host gpu
              IdentityFile ~/.ssh/a
              IdentityFile %d/.ssh/a
              IdentityFile ~/.ssh/a
            """),
        SshConfigCorpusCase.Of(
            "include-ending-in-a-dead-block",
            "gpu",
            "Host gpu\n  Include {D}/dead.conf\n  Port 2232",
            ("dead.conf", "User inc\nMatch host nothing-matches\n  User never")),
        SshConfigCorpusCase.Of("agent-variables-and-users-with-at", "gpu", """
            Host gpu
              ForwardAgent $SSH_AUTH_SOCK
              ProxyJump a@b@c:2,d
            """),
    ];
}

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>The corpus: Match exec/canonical/final, Include, proxies, agent and connection options.</summary>
internal static partial class SshConfigCorpus
{
    private static IEnumerable<SshConfigCorpusCase> MatchPasses() =>
    [
        // Only exec commands whose block OpenSSH would skip as well: we never run them.
        SshConfigCorpusCase.Of("match-exec", "gpu", """
            Match exec false
              Port 1
            Match host nomatch exec true
              Port 2
            Match !exec true
              Port 3
            Match all
              Port 2212
            """),
        SshConfigCorpusCase.Of("match-canonical-without-final", "gpu", """
            Match canonical
              Port 1
            Match !canonical
              User notcanonical
            """),
        SshConfigCorpusCase.Of("match-final", "gpu other", """
            Host gpu
              HostName REAL.example
            Match final host real.example
              Port 2213
            Match final
              HostName ignored.example
              User finaluser
            Match canonical
              IdentityFile ~/.ssh/canonical
            """),
        SshConfigCorpusCase.Of("match-not-final", "gpu", """
            Match !final
              Port 2214
            Match final
              User inthefinalpass
            """),
        SshConfigCorpusCase.Of("match-final-first-pass-wins", "gpu", """
            Match final
              Port 1
              ConnectTimeout 4
            Host gpu
              Port 2215
            """),
    ];

    private static IEnumerable<SshConfigCorpusCase> Includes() =>
    [
        SshConfigCorpusCase.Of("include-absolute", "gpu", "Include {D}/one.conf\nPort 1", ("one.conf", "Host gpu\n  Port 2216\n  User included")),
        SshConfigCorpusCase.Of(
            "include-glob-sorted",
            "gpu",
            "Include {D}/conf.d/*.conf\nHost *\n  Port 1",
            ("conf.d/20-b.conf", "Port 2218\nUser second"),
            ("conf.d/10-a.conf", "Port 2217"),
            ("conf.d/30-c.txt", "User never"),
            ("conf.d/.hidden.conf", "User hidden")),
        SshConfigCorpusCase.Of(
            "include-in-host-block",
            "gpu other",
            "Host gpu\n  Include {D}/gpu.conf\nHost *\n  Port 1",
            ("gpu.conf", "Port 2219\nUser gpuinc")),
        SshConfigCorpusCase.Of(
            "include-in-match-block",
            "gpu alice@gpu",
            "Match user alice\n  Include {D}/alice.conf\nMatch all\n  Port 1",
            ("alice.conf", "Port 2220\nServerAliveInterval 20")),
        SshConfigCorpusCase.Of(
            "include-nested",
            "gpu",
            "Include {D}/a.conf",
            ("a.conf", "Include {D}/b.conf\nUser from_a"),
            ("b.conf", "Include {D}/c.conf\nPort 2221"),
            ("c.conf", "ConnectTimeout 21\nPort 1")),
        SshConfigCorpusCase.Of(
            "include-keeps-outer-block",
            "a b",
            "Host a\n  Include {D}/x.conf\n  Port 2222\nHost b\n  Port 2223",
            ("x.conf", "Host b\n  User xb\nHost zzz\n  User never")),
        SshConfigCorpusCase.Of(
            "include-inactive-has-no-effect",
            "gpu",
            "Host other\n  Include {D}/x.conf\nHost gpu\n  Port 2224",
            ("x.conf", "Port 1\nHost gpu\n  User never\nMatch all\n  User never2")),
        SshConfigCorpusCase.Of("include-missing", "gpu", "Include {D}/nothing/*.conf {D}/missing.conf\nPort 2225"),
        SshConfigCorpusCase.Of(
            "include-several-and-classes",
            "gpu",
            "Include {D}/inc/[ab]*.conf {D}/inc/c?.conf",
            ("inc/b1.conf", "Port 2226"),
            ("inc/a1.conf", "User class_a"),
            ("inc/d1.conf", "Port 1"),
            ("inc/c1.conf", "ServerAliveInterval 26\nUser never")),
        SshConfigCorpusCase.Of(
            "include-relative-to-dot-ssh",
            "gpu",
            "Include {R}/rel.conf\nPort 1",
            ("~{R}/rel.conf", "Port 2227\nInclude {R}/nested/*.conf"),
            ("~{R}/nested/x.conf", "User relnested")),
        SshConfigCorpusCase.Of(
            "include-tilde",
            "gpu",
            "Include ~/.ssh/{R}/t*.conf",
            ("~{R}/tilde.conf", "Port 2228")),
        SshConfigCorpusCase.Of(
            "include-match-final",
            "gpu",
            "Include {D}/final.conf\nHost gpu\n  HostName inc.example",
            ("final.conf", "Match final host inc.example\n  Port 2229")),
    ];

    private static IEnumerable<SshConfigCorpusCase> Options() =>
    [
        SshConfigCorpusCase.Of("proxyjump-chain", "gpu other", """
            Host gpu
              ProxyJump u@j1.example:2200,j2,J3.Example:22
            Host other
              ProxyJump bastion
            """),
        SshConfigCorpusCase.Of("proxyjump-forms", "a b c d", """
            Host a
              ProxyJump ssh://u@h1:22,10.0.0.1,[::1]:44,U@Host2:2022
            Host b
              ProxyJump 10.1.2.3:5
            Host c
              ProxyJump u@[fe80::1]
            Host d
              ProxyJump ssh://jump.example:2022/
            """),
        SshConfigCorpusCase.Of("proxyjump-none", "a b c", """
            Host a
              ProxyJump none
              ProxyJump x
            Host b
              ProxyJump NONE
              ProxyCommand nc %h %p
            Host c
              ProxyJump x
              ProxyCommand never %h
            Host *
              ProxyJump star
            """),
        SshConfigCorpusCase.Of("proxycommand", "a b c d", """
            Host a
              ProxyCommand ssh -W %h:%p -l %r jump # %n %%
            Host b
              ProxyCommand none
              ProxyJump never
            Host c
              ProxyCommand "quoted" 'args' %h
              ProxyCommand never
            Host d
              ProxyCommand=nc %h %p
            Host *
              ProxyCommand star %h
            """),
        SshConfigCorpusCase.Of("identityagent", "a b c d e f g", """
            Host a
              IdentityAgent none
            Host b
              IdentityAgent SSH_AUTH_SOCK
            Host c
              IdentityAgent $SSH_AUTH_SOCK
            Host d
              IdentityAgent ~/agent.%h.%p
            Host e
              IdentityAgent ${HOME}/agent_%r_%u
            Host f
              IdentityAgent /run/%d/%n/%k
            Host a b c d e f
              IdentityAgent never
            """),
        SshConfigCorpusCase.Of("stricthostkeychecking", "a b c d e f g h", """
            Host a
              StrictHostKeyChecking yes
            Host b
              StrictHostKeyChecking no
            Host c
              StrictHostKeyChecking ask
            Host d
              StrictHostKeyChecking accept-new
            Host e
              StrictHostKeyChecking off
            Host f
              StrictHostKeyChecking true
            Host g
              StrictHostKeyChecking False
            Host *
              StrictHostKeyChecking yes
            """),
        SshConfigCorpusCase.Of("timeouts", "a b c d", """
            Host a
              ServerAliveInterval 1m30s
              ServerAliveCountMax 0
              ConnectTimeout 1h
            Host b
              ConnectTimeout none
              ServerAliveInterval none
            Host c
              ConnectTimeout 0
              ServerAliveInterval 2W
            Host *
              ConnectTimeout 30
              ServerAliveInterval 15
              ServerAliveCountMax 5
            """),
        SshConfigCorpusCase.Of("forwardagent", "a b c d", """
            Host a
              ForwardAgent yes
            Host b
              ForwardAgent no
              ForwardAgent /tmp/agent.%h
            Host c
              ForwardAgent ~/fwd.sock
              ForwardAgent yes
            Host d
              ForwardAgent False
            """),
        SshConfigCorpusCase.Of("everything-in-star", "gpu u@h:2", """
            Host *
              HostName %h.star.example
              ProxyJump j1,j2
              IdentityAgent ~/a
              StrictHostKeyChecking accept-new
              ServerAliveInterval 10
              ServerAliveCountMax 2
              ConnectTimeout 7
              ForwardAgent yes
            """),
    ];
}

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>The corpus: syntax, Host patterns, first-value-wins, tokens, Match.</summary>
internal static partial class SshConfigCorpus
{
    private static IEnumerable<SshConfigCorpusCase> Basics() =>
    [
        SshConfigCorpusCase.Of("empty", "gpu bob@gpu:2200 GPU.Example", ""),
        SshConfigCorpusCase.Of("one-block", "gpu other", """
            Host gpu
              HostName gpu01.lab.example
              Port 2222
              User alice
              IdentityFile ~/.ssh/lab_ed25519
              IdentitiesOnly yes
              UserKnownHostsFile ~/.ssh/lab_known_hosts
            """),
        SshConfigCorpusCase.Of("wildcards", "web01 web db7 db77 xweb", """
            Host web* db?
              Port 2001
            Host *
              Port 2002
            """),
        SshConfigCorpusCase.Of("negation", "bastion web bastion.x", """
            Host * !bastion
              User everyone
            Host !web
              Port 2003
            Host bastion*
              Port 2004
            """),
        SshConfigCorpusCase.Of("negation-only", "foo bar", """
            Host !foo
              Port 2005
            """),
        SshConfigCorpusCase.Of("first-value-wins", "gpu other", """
            Host *
              Port 1111
              User star
            Host gpu
              Port 2222
              User gpuuser
              HostName gpu.example
            Host gpu
              HostName never.example
            """),
        SshConfigCorpusCase.Of("top-level-before-host", "gpu", """
            Port 3000
            User top
            Host gpu
              Port 4000
            """),
        SshConfigCorpusCase.Of("keyword-case", "gpu", """
            HOST gpu
              HOSTNAME Upper.Example.COM
              pOrT 2200
              uSeR MixedUser
              identitiesONLY Yes
              StrictHostKeyChecking ACCEPT-NEW
            """),
        SshConfigCorpusCase.Of("equals-syntax", "gpu", """
            Host=gpu
              HostName = eq.example
              Port=2201
              User =alice
              ConnectTimeout= 5
              ProxyCommand = = nc %h %p
            """),
        SshConfigCorpusCase.Of("quotes", "gpu", """
            Host "gpu"
              User "alice"
              IdentityFile "/keys/with space/id"
              IdentityFile '/keys/single quoted'
              UserKnownHostsFile "/kh/one" /kh/two
              IdentityAgent "/agents/a b"
            """),
        SshConfigCorpusCase.Of("comments", "gpu", """
            # a comment line

              # indented comment
            Host gpu # trailing comment
              Port 2202 # port comment
              ProxyCommand nc %h %p # stays part of the command
              User bob#notacomment
            """),
        SshConfigCorpusCase.Of("tabs-and-crlf", "gpu", "Host\tgpu\r\n\tPort\t2203\r\n\tUser\tcr \r\n"),
        SshConfigCorpusCase.Of("command-line-wins", "bob@gpu:2200 gpu", """
            Host gpu
              User alice
              Port 2222
              IdentityFile ~/.ssh/key_%r_%p
            """),
        SshConfigCorpusCase.Of("hostname-token", "gpu GPU", """
            Host gpu GPU
              HostName %h.Lab.Example
            """),
        SshConfigCorpusCase.Of("path-tokens", "gpu alice@gpu:2200", """
            Host gpu
              HostName real.example
              IdentityFile ~/.ssh/%h_%p_%r_%u_%n_%%
              IdentityFile %d/keys/%k
              UserKnownHostsFile ~/.ssh/kh_%h_%p %d/kh2_%r_%u_%n_%% /kh/%l_%L_%k
            """),
        SshConfigCorpusCase.Of("identity-files", "gpu other", """
            Host gpu
              IdentityFile ~/.ssh/a
              IdentityFile /abs/b
              IdentityFile ~/.ssh/a
              IdentityFile none
              IdentitiesOnly no
            Host *
              IdentityFile ~/.ssh/everywhere
              IdentitiesOnly yes
            """),
        SshConfigCorpusCase.Of("known-hosts-none", "gpu other", """
            Host gpu
              UserKnownHostsFile none
            Host *
              UserKnownHostsFile /a /b /c
            """),
        // ssh refuses unknown keywords unless told to ignore them; we always ignore them.
        SshConfigCorpusCase.Of("unknown-keywords", "gpu", """
            IgnoreUnknown SomeFutureKeyword
            Host gpu
              SomeFutureKeyword with "several" arguments
              SendEnv LANG LC_*
              HashKnownHosts yes
              Compression yes
              Port 2204
            """),
        SshConfigCorpusCase.Of("host-comma-is-literal", "a b", """
            Host a,b
              Port 2205
            """),
        SshConfigCorpusCase.Of("match-host", "gpu other", """
            Host gpu
              HostName gpu01.LAB.example
            Match host *.lab.example
              Port 2222
            Match host gpu
              User never
            """),
        SshConfigCorpusCase.Of("match-originalhost", "gpu GPU other", """
            Host gpu
              HostName elsewhere.example
            Match originalhost gpu
              Port 2206
            Match originalhost g*,!other
              User orig
            """),
        SshConfigCorpusCase.Of("match-user", "carol@gpu dave@gpu gpu", """
            Match user carol,dave
              Port 2207
            Match user !carol,*
              IdentityFile ~/.ssh/not_carol
            Host gpu
              User erin
            Match user erin
              ConnectTimeout 9
            """),
        SshConfigCorpusCase.Of("match-localuser", "gpu", """
            Match localuser nobody-here
              Port 1
            Match localuser *
              Port 2208
            Match !localuser nobody-here
              User local
            """),
        SshConfigCorpusCase.Of("match-all-and-negation", "abc root@abc xyz", """
            Match all
              ServerAliveCountMax 7
            Match host a* !user root
              Port 2209
            Match host a* user root
              Port 2210
            Match !all
              Port 1
            """),
        SshConfigCorpusCase.Of("match-hostname-so-far", "gpu", """
            Match host gpu
              Port 2211
            Host gpu
              HostName changed.example
            Match host gpu
              User stillgpu
            Match host changed.example
              ServerAliveInterval 11
            """),
    ];
}

using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>Resolves the same configs with the real <c>ssh -G</c> and compares the options we use.</summary>
public sealed class SshConfigFileOpenSshTests : IDisposable
{
    private const string Full = """
        Host gpu
          HostName gpu01.lab.example
          Port 2222
          User alice
          IdentityFile ~/.ssh/lab_ed25519
          IdentityFile /opt/keys/shared
          IdentityFile ~/.ssh/lab_ed25519
          IdentitiesOnly yes
          UserKnownHostsFile ~/.ssh/kh_%h_%p %d/kh2_%r_%u_%n_%%
        Host *
          Port 3333
          User fallback
          IdentityFile ~/.ssh/everywhere
        """;

    private const string Patterns = """
        Host web* db? !webadmin
          User patterned
          Port 2001
        Host Web*
          User upper
        Host *
          IdentitiesOnly yes
          Port 2002
        """;

    private const string Matches = """
        Host gpu
          HostName gpu01.LAB.example
        Match host *.lab.example !user carol
          Port 2222
        Match host gpu
          User never
        Match originalhost GPU user carol,dave
          Port 4444
          IdentityFile ~/.ssh/carol
        Match all
          IdentityFile ~/.ssh/all
          UserKnownHostsFile /etc/kh_%h
        """;

    private const string Syntax = """
        # comment

        HOST=gpu # trailing comment
        	hOsTnAmE = %h.Example.COM
          PORT=2222
          user "alice"   # comment
          IdentityFile ~/escaped\ space
          identitiesonly=no
          userknownhostsfile "/kh/one" /kh/two#not-a-comment
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("rj-sshg-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("gpu", "")]
    [InlineData("gpu", Full)]
    [InlineData("bob@gpu:2200", Full)]
    [InlineData("elsewhere", Full)]
    [InlineData("web01", Patterns)]
    [InlineData("Web01", Patterns)]
    [InlineData("webadmin", Patterns)]
    [InlineData("db7", Patterns)]
    [InlineData("db77", Patterns)]
    [InlineData("gpu", Matches)]
    [InlineData("carol@gpu", Matches)]
    [InlineData("dave@other:2200", Matches)]
    [InlineData("GPU", Syntax)]
    [InlineData("gpu", Syntax)]
    public void Resolve_agrees_with_ssh_G(string target, string config)
    {
        var file = Path.Join(directory, "config");
        File.WriteAllText(file, config);
        var parsed = SshTarget.Parse(target);
        var (sshHome, sshUser) = OpenSshIdentity();

        var ours = SshConfigFile.Resolve(parsed, file, sshHome, sshUser, systemConfigFile: null);
        var theirs = SshG(file, parsed);

        Assert.Equal(theirs["hostname"].Single(), ours.HostName);
        Assert.Equal(theirs["port"].Single(), ours.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(theirs["user"].Single(), ours.User);
        Assert.Equal(theirs["identitiesonly"].Single(), ours.IdentitiesOnly ? "yes" : "no");
        Assert.Equal(theirs["userknownhostsfile"].Single().Split(' '), ours.UserKnownHostsFiles);

        // ssh -G prints identity files before expanding '~'. OpenSSH 9.2 still lists id_xmss and id_dsa
        // among the defaults; newer releases dropped DSA and we follow them.
        var identityFiles = theirs["identityfile"]
            .Where(path => path is not ("~/.ssh/id_xmss" or "~/.ssh/id_dsa"))
            .Select(path => path.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(sshHome, path[2..]) : path);
        Assert.Equal(identityFiles, ours.IdentityFiles);
    }

    private static Dictionary<string, List<string>> SshG(string file, SshTarget target)
    {
        List<string> arguments = ["-G", "-F", file];
        if (target.User is { } user)
        {
            arguments.AddRange(["-l", user]);
        }

        if (target.Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.Add(target.Host);
        var options = new Dictionary<string, List<string>>();
        foreach (var line in OpenSsh.Run("ssh", [.. arguments]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var key = line[..space];
            if (!options.TryGetValue(key, out var values))
            {
                options[key] = values = [];
            }

            values.Add(line[(space + 1)..]);
        }

        return options;
    }

    // ssh takes the home directory and user name from the password database, not from $HOME, so ask it.
    private (string Home, string User) OpenSshIdentity()
    {
        var empty = Path.Join(directory, "empty");
        File.WriteAllText(empty, "");
        var options = SshG(empty, new SshTarget("probe", null, null));
        var knownHosts = options["userknownhostsfile"].Single().Split(' ')[0];
        return (knownHosts[..^"/.ssh/known_hosts".Length], options["user"].Single());
    }
}

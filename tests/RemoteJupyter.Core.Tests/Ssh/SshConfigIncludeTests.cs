using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>Include cases <c>ssh -G</c> cannot check here: ~/.ssh and /etc/ssh of a fake home and system.</summary>
public sealed class SshConfigIncludeTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("rj-include-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public void Relative_includes_of_the_user_config_live_in_dot_ssh_and_of_the_system_config_beside_it()
    {
        Write(".ssh/config", "Include conf.d/*.conf");
        Write(".ssh/conf.d/a.conf", "Host gpu\n  Port 2222");
        Write("etc/ssh_config", "Include sys.d/*\nUser fromsystem");
        Write("etc/sys.d/x", "Host gpu\n  IdentityAgent none\n  Port 1");

        var resolved = SshConfigFile.Resolve(SshTarget.Parse("gpu"), null, home, "me", Path.Join(home, "etc", "ssh_config"));

        Assert.Equal((2222, "fromsystem", "none"), (resolved.Port, resolved.User, resolved.IdentityAgent));
    }

    [Fact]
    public void The_system_config_may_not_include_through_tilde()
    {
        Write("etc/ssh_config", "Include ~/.ssh/other");

        var error = Assert.Throws<RemoteJupyterException>(
            () => SshConfigFile.Resolve(SshTarget.Parse("gpu"), null, home, "me", Path.Join(home, "etc", "ssh_config")));

        Assert.Contains("system config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_includes_itself_is_an_error_not_a_hang()
    {
        var config = Write("loop", "Include " + Path.Join(home, "loop"));

        var error = Assert.Throws<RemoteJupyterException>(() => SshConfigFile.Resolve(SshTarget.Parse("gpu"), config, home, "me", null));

        Assert.Equal(ErrorCode.InvalidHost, error.Code);
        Assert.Contains("includes itself", error.Message, StringComparison.Ordinal);
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Join(home, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}

using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public sealed class SshConfigHostsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("rj-hosts-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Aliases_in_included_files_are_listed_in_reading_order()
    {
        Directory.CreateDirectory(Path.Join(directory, "conf.d"));
        File.WriteAllText(Path.Join(directory, "conf.d", "b.conf"), "Host from-b\n  Port 2201\n");
        File.WriteAllText(Path.Join(directory, "conf.d", "a.conf"), "Host from-a web*\n  HostName a.example\n");
        var config = Path.Join(directory, "config");
        File.WriteAllText(config, $"Host first\nMatch all\n  Include {directory}/conf.d/*.conf\nHost last !never\n");

        var hosts = SshConfigHosts.List(config);

        Assert.Equal(["first", "from-a", "from-b", "last"], hosts.Select(h => h.Alias));
        Assert.Equal("a.example", hosts[1].HostName);
        Assert.Equal(2201, hosts[2].Port);
    }
}

using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>How ProxyJump chains are planned: each hop resolved as a host of its own, like <c>ssh -J</c>.</summary>
public sealed class SshRoutePlanTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rj-route-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Each_hop_gets_its_own_user_port_and_key_and_only_the_first_hop_keeps_its_own_proxy()
    {
        var plan = Plan("target", """
            Host target
              ProxyJump alice@j1,j2:2200
            Host j1
              HostName jump-one.example
              Port 2201
              User bob
              IdentityFile /keys/j1
              ProxyJump j0
            Host j2
              User carol
              ProxyJump never-used
            Host j0
              HostName zero.example
            """);

        Assert.Equal(["j0", "j1", "j2", "target"], plan.Select(h => h.Alias));
        Assert.Equal(("jump-one.example", 2201, "alice"), (plan[1].HostName, plan[1].Port, plan[1].User));
        Assert.Equal(["/keys/j1"], plan[1].IdentityFiles);
        Assert.Equal((2200, "carol"), (plan[2].Port, plan[2].User));
        Assert.Empty(plan[2].ProxyJump);
        Assert.Equal("zero.example", plan[0].HostName);
    }

    [Fact]
    public void ProxyJump_none_connects_directly()
    {
        var plan = Plan("target", """
            Host target
              ProxyJump none
            Host *
              ProxyJump j1
            """);

        Assert.Equal(["target"], plan.Select(h => h.Alias));
    }

    [Theory]
    [InlineData("Host *\n  ProxyJump bastion\n")]
    [InlineData("Host target\n  ProxyJump a\nHost a\n  ProxyJump b\nHost b\n  ProxyJump a\n")]
    public void A_jump_host_loop_is_refused(string config)
    {
        var error = Assert.Throws<RemoteJupyterException>(() => Plan("target", config));

        Assert.Equal(ErrorCode.InvalidHost, error.Code);
        Assert.Contains("ProxyJump loop", error.Message, StringComparison.Ordinal);
    }

    private IReadOnlyList<ResolvedHost> Plan(string target, string config)
    {
        var file = Path.Combine(dir, "config");
        File.WriteAllText(file, config);
        return SshRoute.Plan(SshConfigFile.Resolve(SshTarget.Parse(target), file));
    }
}

using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Containers;

/// <summary>Containers over the wire: containers/list and containers/check, servers/start with an image, servers/list, servers/stop.</summary>
[Collection("sshd")]
public sealed class ContainerRpcTests(PodmanFixture podman, ITestOutputHelper output) : TestBase(output), IClassFixture<PodmanFixture>
{
    [Fact]
    public async Task Lists_and_checks_images_and_starts_lists_and_stops_a_container_server()
    {
        var stateDir = "~/.rj-ctr-rpc-" + Guid.NewGuid().ToString("N")[..8];
        await using var session = await RpcSession.StartAsync();
        var connection = await session.OpenAsync(podman.Host, TimeoutToken);
        var id = connection.ConnectionId;

        var list = await session.Client.InvokeWithParameterObjectAsync<ContainerList>("containers/list", new { connectionId = id }, TimeoutToken);
        var engine = Assert.Single(list.Engines, e => e.Command == "podman");
        Assert.Equal(("podman", true, true), (engine.Kind, engine.Rootless, engine.Usable));
        var image = Assert.Single(list.Images, i => i.Name == podman.Image);
        Assert.Equal(("container", "podman"), (image.Kind, image.Engine));

        var check = await session.Client.InvokeWithParameterObjectAsync<ImageCheckInfo>(
            "containers/check", new { connectionId = id, image = podman.NoJupyterImage }, TimeoutToken);
        Assert.False(check.HasJupyter);
        Assert.Contains("RUN pip install jupyter_server", check.Advice, StringComparison.Ordinal);

        var started = await session.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
            "servers/start", new { connectionId = id, environment = new { image = podman.Image, engine = "podman" }, server = new { stateDir, memoryLimitMb = 512, cpus = 1.0 } }, TimeoutToken);

        // Rootless podman on a cgroup v1 host (this one) ignores limits, and says so: the person is told.
        Output.WriteLine(string.Join('\n', started.Warnings ?? []));
        if (!File.Exists("/sys/fs/cgroup/cgroup.controllers"))
        {
            Assert.Contains(started.Warnings ?? [], w => w.Contains("ignored", StringComparison.Ordinal));
        }
        Assert.Equal(("remote-jupyter-" + started.ServerId, podman.Image, "3.11.2"), (started.Container, started.Image, started.PythonVersion));

        var listed = Assert.Single(await session.Client.InvokeWithParameterObjectAsync<List<ServerInfo>>(
            "servers/list", new { connectionId = id, stateDir }, TimeoutToken));
        Assert.Equal((started.Container, "podman", podman.Image, true, true), (listed.Container, listed.Engine, listed.Image, listed.Alive, listed.Responding));

        var stopped = await session.Client.InvokeWithParameterObjectAsync<StopResult>(
            "servers/stop", new { connectionId = id, serverId = started.ServerId, stateDir }, TimeoutToken);
        Assert.Equal("shut-down", stopped.How);
        Assert.Empty(await podman.ListContainersAsync(started.ServerId, TimeoutToken));
        await podman.SshAsync("rm -rf " + Core.Remote.ShellQuote.QuotePath(stateDir), CancellationToken.None);
    }
}

using System.Text.Json;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Cli;

/// <summary>The lifecycle verbs as a person or a script uses them: connect, connect again, servers (table and JSON), logs, stop.</summary>
[Collection("sshd")]
public sealed class ServerCliTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output), IAsyncLifetime
{
    private readonly string stateDir = "~/.rj-cli-life-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestHosts.CleanUpAsync(sshd.Host, stateDir);

    [Fact]
    public async Task Connect_twice_reattaches_then_servers_logs_and_stop_manage_the_one_server()
    {
        string url;
        using (var first = SidecarProcess.Start(Common("connect", "--python", "/usr/bin/python3", "-q")))
        {
            url = await first.Process.StandardOutput.ReadLineAsync(TimeoutToken) ?? throw new InvalidOperationException(first.Stderr);
            first.Terminate();
            await first.Process.WaitForExitAsync(TimeoutToken);
        }

        using (var second = SidecarProcess.Start(Common("connect", "--python", "/usr/bin/python3")))
        {
            Assert.NotNull(await second.Process.StandardOutput.ReadLineAsync(TimeoutToken));
            second.Terminate();
            await second.Process.WaitForExitAsync(TimeoutToken);
            Assert.Contains("Reattached to server", second.Stderr, StringComparison.Ordinal);
        }

        var (code, json) = await RunAsync(Common("servers", "--json"));
        Assert.Equal(0, code);
        var server = Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateArray().ToList());
        var id = server.GetProperty("serverId").GetString()!;
        Assert.True(server.GetProperty("responding").GetBoolean());
        Assert.Equal(0, server.GetProperty("kernels").GetInt32());
        Assert.True(server.GetProperty("memoryBytes").GetInt64() > 0);

        var (_, table) = await RunAsync(Common("servers"));
        Assert.Contains(id, table, StringComparison.Ordinal);
        Assert.Contains("detached", table, StringComparison.Ordinal);

        var (logsCode, logs) = await RunAsync(Common("logs", id, "-n", "20"));
        Assert.Equal(0, logsCode);
        Assert.Contains("ServerApp", logs, StringComparison.Ordinal);

        var (stopCode, stopped) = await RunAsync(Common("stop", id));
        Assert.Equal((0, $"{id} shut-down\n"), (stopCode, stopped));
        Assert.Equal("[]", (await RunAsync(Common("servers", "--json"))).Stdout.Trim());
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
    }

    private string[] Common(string verb, params string[] rest)
    {
        string[] head = verb is "connect" or "servers"
            ? [verb, sshd.Host.Alias]
            : [verb, sshd.Host.Alias, rest[0]];
        var tail = verb is "connect" or "servers" ? rest : rest[1..];
        return [.. head, "-F", sshd.Host.SshConfigPath, "--state-dir", stateDir, .. tail];
    }

    private async Task<(int Code, string Stdout)> RunAsync(string[] args)
    {
        var (code, stdout, stderr) = await SidecarProcess.RunToEndAsync(args, TimeoutToken);
        Output.WriteLine($"remote-jupyter {string.Join(' ', args)} → {code}\n{stdout}{stderr}");
        return (code, stdout);
    }
}

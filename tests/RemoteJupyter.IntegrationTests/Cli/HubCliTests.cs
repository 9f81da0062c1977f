using System.Text.Json;
using RemoteJupyter.Core.Sources.Hub;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Cli;

/// <summary>The <c>hub</c> verbs as a script uses them: secrets on stdin, results on stdout, progress on stderr.</summary>
[Collection("jupyterhub")]
public sealed class HubCliTests(JupyterHubFixture hub, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Login_then_start_servers_and_stop_with_the_token_on_stdin()
    {
        var user = hub.NewUser();
        var (loginCode, token, loginErr) = await RunAsync(hub.Password, "hub", "login", hub.HubUrl.AbsoluteUri, "--user", user, "--password-stdin", "--expires-in", "600");
        token = token.Trim();
        Assert.Equal(0, loginCode);
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Contains("expires", loginErr, StringComparison.Ordinal);

        var (startCode, startOut, startErr) = await RunAsync(token, "hub", "start", hub.HubUrl.AbsoluteUri, "--user", user, "--token-stdin");
        Assert.Equal(0, startCode);
        Assert.Equal($"{hub.HubUrl.AbsoluteUri}user/{user}/", startOut.TrimEnd('\n').Split('\n')[^1]);
        Assert.Contains("100%", startErr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, startErr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, loginErr, StringComparison.Ordinal);

        var (_, listed, _) = await RunAsync(token, "hub", "servers", hub.HubUrl.AbsoluteUri, "--user", user, "--token-stdin", "--json");
        var server = Assert.Single(JsonDocument.Parse(listed).RootElement.EnumerateArray().ToList());
        Assert.True(server.GetProperty("ready").GetBoolean());

        var (stopCode, stopped, _) = await RunAsync(token, "hub", "stop", hub.HubUrl.AbsoluteUri, "--user", user, "--token-stdin");
        Assert.Equal((0, "stopped (default)"), (stopCode, stopped.Trim()));
    }

    [Fact]
    public async Task Ctrl_C_during_start_cancels_the_spawn()
    {
        var user = hub.NewUser();
        var token = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromMinutes(10), null, TimeoutToken);
        using var cli = await SidecarProcess.StartWithStdinAsync(token.Token, null, "hub", "start", hub.HubUrl.AbsoluteUri, "--user", user, "--token-stdin", "--option", "delay=3");
        while (!cli.Stderr.Contains("0% Server requested", StringComparison.Ordinal))
        {
            Assert.False(cli.Process.HasExited, cli.Stderr);
            await Task.Delay(50, TimeoutToken);
        }

        cli.Terminate();
        await cli.Process.WaitForExitAsync(TimeoutToken);

        Output.WriteLine(cli.Stderr);
        Assert.Equal(130, cli.Process.ExitCode);
        using var client = new HubClient(hub.HubUrl, token.Token);
        Assert.DoesNotContain((await client.GetUserAsync(user, TimeoutToken)).Servers, s => s.Ready || s.Pending is not null);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        using var cli = await SidecarProcess.StartWithStdinAsync(stdin, null, args);
        var stdout = await cli.Process.StandardOutput.ReadToEndAsync(TimeoutToken);
        await cli.Process.WaitForExitAsync(TimeoutToken);
        Output.WriteLine($"remote-jupyter {string.Join(' ', args)} → {cli.Process.ExitCode}\n{cli.Stderr}");
        return (cli.Process.ExitCode, stdout, cli.Stderr);
    }
}

using System.Text.RegularExpressions;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Cli;

[Collection("sshd")]
public sealed partial class ConnectCliTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    // An outside client, not our code: Python's urllib lists kernelspecs and starts a kernel, the
    // websocket-client package runs a cell. The URL with its token arrives on stdin, never in argv.
    private const string OutsideClient = """
        import json, sys, urllib.request, urllib.parse, uuid, websocket
        url = sys.stdin.readline().strip()
        parts = urllib.parse.urlsplit(url)
        token = urllib.parse.parse_qs(parts.query)["token"][0]
        base = "%s://%s/" % (parts.scheme, parts.netloc)
        auth = {"Authorization": "token " + token}
        def call(method, path, body=None):
            req = urllib.request.Request(base + path, method=method, headers=auth, data=None if body is None else json.dumps(body).encode())
            with urllib.request.urlopen(req, timeout=20) as r:
                return json.loads(r.read() or b"null")
        specs = call("GET", "api/kernelspecs")
        print("kernelspecs:", ",".join(sorted(specs["kernelspecs"])))
        kernel = call("POST", "api/kernels", {"name": "python3"})
        ws = websocket.create_connection("ws://%s/api/kernels/%s/channels" % (parts.netloc, kernel["id"]), header=["Authorization: token " + token], timeout=30)
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "t", "session": uuid.uuid4().hex, "version": "5.3"},
                            "parent_header": {}, "metadata": {}, "channel": "shell",
                            "content": {"code": "print(sum(range(10)))", "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False}}))
        while True:
            m = json.loads(ws.recv())
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream":
                print("stdout:", m["content"]["text"].strip())
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        ws.close()
        call("DELETE", "api/kernels/" + kernel["id"])
        """;

    [Fact]
    public async Task Connect_prints_a_url_an_outside_client_can_use_and_stops_the_server_on_SIGTERM()
    {
        var stateDir = "~/.rj-cli-" + Guid.NewGuid().ToString("N")[..8];
        var logFile = Path.Combine(sshd.Host.TempDir, $"cli-{Guid.NewGuid():N}.log");
        using var cli = SidecarProcess.Start(
            "connect", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--venv", "~/.rj-test-venv", "--system-site-packages",
            "--state-dir", stateDir, "--show-token", "--stop-on-exit", "-vvv", "--log-file", logFile);

        try
        {
            var (url, token) = await cli.ReadReadyLineAsync(TimeoutToken);

            var client = await RunOutsideClientAsync(url + "?token=" + token);
            Assert.Contains("kernelspecs: python3", client, StringComparison.Ordinal);
            Assert.Contains("stdout: 45", client, StringComparison.Ordinal);
            Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(token, StringComparison.Ordinal));

            cli.Terminate();
            await cli.Process.WaitForExitAsync(TimeoutToken);
            Assert.Equal(0, cli.Process.ExitCode);
            Assert.Contains("stopped (shut-down)", cli.Stderr, StringComparison.Ordinal);
            Assert.Contains("Connecting to", cli.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(token, cli.Stderr, StringComparison.Ordinal);
            var log = await File.ReadAllTextAsync(logFile, TimeoutToken);
            Assert.Contains("Jupyter server", log, StringComparison.Ordinal);
            Assert.DoesNotContain(token, log, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(logFile));
            Assert.DoesNotContain(token, sshd.Host.ReadLog(), StringComparison.Ordinal);

            using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
            Assert.Empty(await new ServerLister().ListAsync(connection.Shell, new ServerLayout(stateDir), TimeoutToken));
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }
    }

    [Fact]
    public async Task Connect_without_show_token_prints_a_bare_url_and_leaves_the_server_running()
    {
        var stateDir = "~/.rj-cli-" + Guid.NewGuid().ToString("N")[..8];
        using var cli = SidecarProcess.Start("connect", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--state-dir", stateDir, "--quiet");

        try
        {
            var line = await cli.Process.StandardOutput.ReadLineAsync(TimeoutToken);
            Assert.True(line is not null && BareUrl().IsMatch(line), $"unexpected first line '{line}'; stderr:\n{cli.Stderr}");
            cli.Terminate();
            await cli.Process.WaitForExitAsync(TimeoutToken);
            Assert.Equal(0, cli.Process.ExitCode);

            using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
            var layout = new ServerLayout(stateDir);
            var server = Assert.Single(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
            Assert.True(server.Alive);
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }
    }

    [Fact]
    public async Task A_closed_terminal_SIGHUP_runs_the_same_clean_up_as_Ctrl_C()
    {
        var stateDir = "~/.rj-cli-" + Guid.NewGuid().ToString("N")[..8];
        using var cli = SidecarProcess.Start("connect", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--state-dir", stateDir, "--stop-on-exit", "--quiet");
        try
        {
            var line = await cli.Process.StandardOutput.ReadLineAsync(TimeoutToken);
            Assert.True(line is not null && BareUrl().IsMatch(line), $"unexpected first line '{line}'; stderr:\n{cli.Stderr}");

            cli.HangUp();
            await cli.Process.WaitForExitAsync(TimeoutToken);

            Assert.Equal(0, cli.Process.ExitCode);
            using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
            Assert.Empty(await new ServerLister().ListAsync(connection.Shell, new ServerLayout(stateDir), TimeoutToken));
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }
    }

    [Fact]
    public async Task Connect_to_an_unknown_host_key_without_a_terminal_refuses_and_explains()
    {
        var config = await TestHosts.ConfigWithUnknownHostKeyAsync(sshd.Host, TimeoutToken);
        using var cli = SidecarProcess.Start("connect", sshd.Host.Alias, "-F", config);

        await cli.Process.WaitForExitAsync(TimeoutToken);

        Assert.Equal(1, cli.Process.ExitCode);
        Assert.Contains("HostKeyNotTrusted", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("--accept-new-host-key", cli.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await cli.Process.StandardOutput.ReadToEndAsync(TimeoutToken));
    }

    private async Task<string> RunOutsideClientAsync(string url)
    {
        var info = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(OutsideClient);
        using var python = System.Diagnostics.Process.Start(info)!;
        await python.StandardInput.WriteLineAsync(url);
        python.StandardInput.Close();
        var stdout = await python.StandardOutput.ReadToEndAsync(TimeoutToken);
        var stderr = await python.StandardError.ReadToEndAsync(TimeoutToken);
        await python.WaitForExitAsync(TimeoutToken);
        Assert.True(python.ExitCode == 0, "outside client failed: " + stderr);
        Output.WriteLine(stdout);
        return stdout;
    }

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+/$")]
    private static partial Regex BareUrl();
}

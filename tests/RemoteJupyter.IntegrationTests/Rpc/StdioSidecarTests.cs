using System.Text;
using System.Text.Json;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Rpc;

/// <summary>The executable under <c>--stdio</c>: LSP framing on stdout and nothing else there.</summary>
public sealed class StdioSidecarTests(ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Answers_initialize_with_content_length_framing_and_exits_after_shutdown()
    {
        using var sidecar = SidecarProcess.Start("--stdio");
        var stdin = sidecar.Process.StandardInput.BaseStream;
        var stdout = sidecar.Process.StandardOutput.BaseStream;

        await SendAsync(stdin, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientName":"raw"}}""");
        using var init = JsonDocument.Parse(await ReadMessageAsync(stdout));
        Assert.Equal("remote-jupyter", init.RootElement.GetProperty("result").GetProperty("serverName").GetString());

        await SendAsync(stdin, """{"jsonrpc":"2.0","id":2,"method":"shutdown","params":{}}""");
        using var shutdown = JsonDocument.Parse(await ReadMessageAsync(stdout));
        Assert.Equal(2, shutdown.RootElement.GetProperty("id").GetInt32());

        await sidecar.Process.WaitForExitAsync(TimeoutToken);
        Assert.Equal(0, sidecar.Process.ExitCode);
        Assert.Contains("RPC session listening", sidecar.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_on_its_own_when_the_client_process_named_by_client_pid_is_gone()
    {
        using var client = System.Diagnostics.Process.Start("sleep", "60");
        using var sidecar = SidecarProcess.Start("--stdio", "--client-pid", client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SendAsync(sidecar.Process.StandardInput.BaseStream, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientName":"raw"}}""");
        await ReadMessageAsync(sidecar.Process.StandardOutput.BaseStream);
        Assert.False(sidecar.Process.HasExited);

        client.Kill();
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        exit.CancelAfter(TimeSpan.FromSeconds(10));
        await sidecar.Process.WaitForExitAsync(exit.Token);

        Assert.Equal(0, sidecar.Process.ExitCode);
    }

    private async Task SendAsync(Stream stdin, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await stdin.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), TimeoutToken);
        await stdin.WriteAsync(body, TimeoutToken);
        await stdin.FlushAsync(TimeoutToken);
    }

    private async Task<string> ReadMessageAsync(Stream stdout)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await stdout.ReadAsync(one, TimeoutToken));
            header.Append((char)one[0]);
        }

        var length = int.Parse(header.ToString().Split(':')[1].Trim().Split('\r')[0], System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stdout.ReadExactlyAsync(body, TimeoutToken);
        return Encoding.UTF8.GetString(body);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>
/// The sidecar as the extension runs it (<c>--stdio</c>): process start until the answer to <c>initialize</c>,
/// and its resident memory once it holds one connection with a reattached server and tunnel.
/// </summary>
internal static class SidecarProbe
{
    /// <summary>
    /// "JIT" when <paramref name="executable"/> is an apphost next to its IL (<c>dotnet build</c>, <c>dotnet run</c>), else "native":
    /// the shipped sidecar (<c>npm run build:sidecar</c>) is one natively compiled file. Their memory differs by more than half.
    /// </summary>
    public static string BuildOf(string executable) =>
        File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(executable)) ?? ".", "remote-jupyter.dll")) ? "JIT" : "native";

    /// <summary>Milliseconds from process start to the <c>initialize</c> reply.</summary>
    public static async Task<double> StartToReadyAsync(string executable, CancellationToken ct)
    {
        await using var sidecar = Rpc.Start(executable, out var clock);
        await sidecar.CallAsync("initialize", new JsonObject { ["clientName"] = "bench" }, ct);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await sidecar.CallAsync("shutdown", new JsonObject(), ct);
        return elapsed;
    }

    /// <summary>
    /// Connects to <paramref name="alias"/> and starts (reattaches) a server like the extension would, lets the
    /// sidecar settle, and returns its resident set in MiB. Stops the server if the sidecar had to start a new one.
    /// </summary>
    public static async Task<double> IdleRssAfterOneConnectionAsync(
        string executable, string alias, string sshConfig, JsonObject environment, JsonObject server, CancellationToken ct)
    {
        await using var sidecar = Rpc.Start(executable, out _);
        await sidecar.CallAsync("initialize", new JsonObject { ["clientName"] = "bench" }, ct);
        var connection = await sidecar.CallAsync("connection/open", new JsonObject { ["host"] = alias, ["configFile"] = sshConfig }, ct);
        var connectionId = connection["connectionId"]!.GetValue<string>();
        var started = await sidecar.CallAsync(
            "servers/start", new JsonObject { ["connectionId"] = connectionId, ["environment"] = environment, ["server"] = server }, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var rss = ResidentMib(sidecar.Pid);
        if (started["reused"]?.GetValue<bool>() != true)
        {
            await sidecar.CallAsync(
                "servers/stop",
                new JsonObject { ["connectionId"] = connectionId, ["serverId"] = started["serverId"]!.GetValue<string>(), ["stateDir"] = server["stateDir"]?.DeepClone() },
                ct);
        }

        await sidecar.CallAsync("shutdown", new JsonObject(), ct);
        return rss;
    }

    private static double ResidentMib(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>A minimal JSON-RPC client over the sidecar's stdio (Content-Length framing, as the extension speaks it).</summary>
    private sealed class Rpc : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Stream input;
        private readonly Stream output;
        private int nextId;

        private Rpc(Process process)
        {
            this.process = process;
            input = process.StandardInput.BaseStream;
            output = process.StandardOutput.BaseStream;
        }

        public int Pid => process.Id;

        public static Rpc Start(string executable, out Stopwatch clock)
        {
            var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("--stdio");
            clock = Stopwatch.StartNew();
            var process = Process.Start(info) ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"Could not start {executable}.");
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            return new Rpc(process);
        }

        /// <summary>Sends a request and returns its result, skipping notifications and progress on the way.</summary>
        public async Task<JsonNode> CallAsync(string method, JsonObject parameters, CancellationToken ct)
        {
            var id = ++nextId;
            var body = Encoding.UTF8.GetBytes(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
            await input.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), ct);
            await input.WriteAsync(body, ct);
            await input.FlushAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            while (true)
            {
                var message = JsonNode.Parse(await ReadFrameAsync(timeout.Token))!;
                if (message["id"]?.GetValueKind() == JsonValueKind.Number && message["id"]!.GetValue<int>() == id)
                {
                    return message["error"] is { } error
                        ? throw new RemoteJupyterException(ErrorCode.Unexpected, $"{method} failed: {error["message"]}")
                        : message["result"] ?? new JsonObject();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            input.Close();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }

            process.Dispose();
        }

        private async Task<byte[]> ReadFrameAsync(CancellationToken ct)
        {
            var length = -1;
            var line = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                if (await output.ReadAsync(one, ct) == 0)
                {
                    throw new RemoteJupyterException(ErrorCode.Unexpected, "The sidecar closed its output.");
                }

                if (one[0] != '\n')
                {
                    line.Append((char)one[0]);
                    continue;
                }

                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0 && length >= 0)
                {
                    break;
                }

                if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(text["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            var body = new byte[length];
            await output.ReadExactlyAsync(body, ct);
            return body;
        }
    }
}

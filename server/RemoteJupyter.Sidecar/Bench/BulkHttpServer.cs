using System.Diagnostics;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>
/// The "remote" end of the throughput row: a minimal keep-alive HTTP server on 127.0.0.1 that answers every
/// GET with the same number of zero bytes, sent from one 1 MiB buffer so it costs little CPU of its own.
/// A separate Python process, like a real server on the host, so it competes for the CPU as one would.
/// </summary>
internal sealed class BulkHttpServer : IDisposable
{
    private const string Script = """
        import socket, sys, threading
        size = int(sys.argv[1]); chunk = bytes(1 << 20)
        listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(64)
        print(listener.getsockname()[1], flush=True)
        def serve(conn):
            reader = conn.makefile("rb")
            try:
                while reader.readline():
                    while reader.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % size)
                    left = size
                    while left > 0:
                        part = chunk if left >= len(chunk) else chunk[:left]
                        conn.sendall(part); left -= len(part)
            except OSError:
                pass
            conn.close()
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """;

    private readonly Process process;

    private BulkHttpServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<BulkHttpServer> StartAsync(string python, long bodyBytes, CancellationToken ct)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(bodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"Could not start {python}.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            return new BulkHttpServer(process, int.Parse(line ?? throw new RemoteJupyterException(ErrorCode.Unexpected, "The bulk HTTP server did not start."), System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        process.Kill();
        process.WaitForExit(5000);
        process.Dispose();
    }
}

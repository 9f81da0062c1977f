using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// A <c>ProxyCommand</c> run with <c>/bin/sh -c</c>, its stdin and stdout joined to the one connection a
/// loopback listener on an ephemeral port accepts (SSH.NET can only talk to a socket). The listener closes
/// after that connection; disposing kills the command. Its stderr goes to the log at Debug; the command line never does.
/// </summary>
internal sealed partial class ProxyCommandBridge : IDisposable
{
    private const int StderrKept = 2000;

    private readonly Process process;
    private readonly TcpListener listener;
    private readonly ILogger logger;
    private readonly string alias;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock stderrLock = new();
    private readonly StringBuilder stderr = new();
    private Socket? socket;
    private int disposed;

    private ProxyCommandBridge(Process process, TcpListener listener, string alias, ILogger logger)
    {
        this.process = process;
        this.listener = listener;
        this.alias = alias;
        this.logger = logger;
    }

    /// <summary>The loopback port to connect to; it accepts one connection.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Starts <paramref name="command"/> (the person's own, from their ssh_config) for host <paramref name="alias"/>.</summary>
    public static ProxyCommandBridge Start(string command, string alias, ILogger logger)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(1);
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var process = new Process { StartInfo = info };
        var bridge = new ProxyCommandBridge(process, listener, alias, logger);
        process.ErrorDataReceived += bridge.OnStderr;
        try
        {
            LogStarting(logger, alias);
            process.Start();
            process.BeginErrorReadLine();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            bridge.Dispose();
            throw new RemoteJupyterException(ErrorCode.ConnectionFailed, $"Could not start the ProxyCommand for {alias}: {ex.Message}", ex);
        }

        _ = bridge.RunAsync();
        return bridge;
    }

    /// <summary>If the command has exited (waiting up to a second for it), its exit code and stderr; else null.</summary>
    public async Task<string?> ExitReportAsync()
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        string text;
        lock (stderrLock)
        {
            text = stderr.ToString().Trim();
        }

        return $"(The ProxyCommand for {alias} exited with code {process.ExitCode}" + (text.Length > 0 ? $": {text})" : " and printed nothing.)");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stop.Cancel();
        listener.Stop();
        socket?.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                LogKilled(logger, alias);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }

        process.ErrorDataReceived -= OnStderr;
        process.Dispose();
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            var accepted = await listener.AcceptSocketAsync(stop.Token);
            listener.Stop();
            socket = accepted;
            using var network = new NetworkStream(accepted, ownsSocket: false);
            var toCommand = PumpAsync(network, process.StandardInput.BaseStream, closeInput: true);
            var fromCommand = PumpAsync(process.StandardOutput.BaseStream, network, closeInput: false);
            await Task.WhenAny(toCommand, fromCommand);
            accepted.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException or InvalidOperationException)
        {
            // Disposed, or one side went away: the SSH connection sees the closed socket.
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool closeInput)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
                await to.FlushAsync(stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Either side closed.
        }
        finally
        {
            if (closeInput)
            {
                try
                {
                    process.StandardInput.Close();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // The command already exited.
                }
            }
        }
    }

    private void OnStderr(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not { } line)
        {
            return;
        }

        LogStderr(logger, alias, line);
        lock (stderrLock)
        {
            stderr.AppendLine(line);
            if (stderr.Length > StderrKept)
            {
                stderr.Remove(0, stderr.Length - StderrKept);
            }
        }
    }

    // The command text is not logged: people put passwords in ProxyCommands (sshpass -p …).
    [LoggerMessage(EventId = 1030, Level = LogLevel.Debug, Message = "Starting the ProxyCommand for {Alias}")]
    private static partial void LogStarting(ILogger logger, string alias);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Debug, Message = "ProxyCommand for {Alias}: {Line}")]
    private static partial void LogStderr(ILogger logger, string alias, string line);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Debug, Message = "Stopped the ProxyCommand for {Alias}")]
    private static partial void LogKilled(ILogger logger, string alias);
}

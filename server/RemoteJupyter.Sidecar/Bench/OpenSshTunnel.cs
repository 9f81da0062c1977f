using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>The tunnel people type by hand: <c>ssh -N -L PORT:127.0.0.1:REMOTE host</c>, with OpenSSH's defaults.</summary>
internal sealed class OpenSshTunnel : IDisposable
{
    private readonly Process process;

    private OpenSshTunnel(Process process, IReadOnlyList<int> localPorts)
    {
        this.process = process;
        LocalPorts = localPorts;
    }

    /// <summary>One local port per forwarded remote port, in the same order.</summary>
    public IReadOnlyList<int> LocalPorts { get; }

    public static async Task<OpenSshTunnel> OpenAsync(string sshConfig, string alias, IReadOnlyList<int> remotePorts, CancellationToken ct)
    {
        var info = new ProcessStartInfo("ssh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-F", sshConfig, "-N", "-o", "ExitOnForwardFailure=yes" })
        {
            info.ArgumentList.Add(argument);
        }

        var localPorts = remotePorts.Select(_ => FreePort()).ToList();
        for (var i = 0; i < remotePorts.Count; i++)
        {
            info.ArgumentList.Add("-L");
            info.ArgumentList.Add($"{localPorts[i]}:127.0.0.1:{remotePorts[i]}");
        }

        info.ArgumentList.Add(alias);
        var process = Process.Start(info) ?? throw new RemoteJupyterException(ErrorCode.Unexpected, "Could not start ssh.");
        var tunnel = new OpenSshTunnel(process, localPorts);
        try
        {
            await WaitListeningAsync(process, localPorts, ct);
            return tunnel;
        }
        catch
        {
            tunnel.Dispose();
            throw;
        }
    }

    /// <summary>Waits until every local port accepts a connection, as a script polling for the forward would.</summary>
    public static async Task WaitListeningAsync(Process process, IReadOnlyList<int> ports, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                    break;
                }
                catch (SocketException) when (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(5, ct);
                }
                catch (SocketException)
                {
                    throw new RemoteJupyterException(ErrorCode.Unexpected, $"ssh -L did not open port {port}: {(process.HasExited ? await process.StandardError.ReadToEndAsync(ct) : "timed out")}");
                }
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RemoteJupyter.Sidecar.Demo;

/// <summary>
/// Tells whether an SSH server answers on a loopback port. An open port alone proves little: the banner
/// is what a working sshd sends first, so reading it shows connections are actually being served.
/// </summary>
internal static class SshBannerProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>False on any connection failure or timeout; only <paramref name="ct"/> cancels.</summary>
    public static async Task<bool> AnswersAsync(int port, CancellationToken ct)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        probe.CancelAfter(ProbeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, probe.Token);
            await using var stream = client.GetStream();
            var buffer = new byte[7];
            await stream.ReadExactlyAsync(buffer, probe.Token);
            return Encoding.ASCII.GetString(buffer) == "SSH-2.0";
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }
}

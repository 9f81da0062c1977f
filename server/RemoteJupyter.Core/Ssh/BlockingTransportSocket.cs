using System.Net.Sockets;
using System.Runtime.InteropServices;
using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Puts an SSH.NET session's TCP socket back into blocking mode once the handshake is done. SSH.NET connects
/// asynchronously, which leaves the descriptor non-blocking, yet after the handshake it reads and writes
/// only synchronously, from its receive thread and the channel threads. .NET emulates each synchronous call
/// that would wait on a non-blocking socket through its epoll thread and a thread-pool worker; on 2 cores
/// those wake-ups cost a third of the tunnel's CPU and a quarter of its throughput (docs/performance.md).
/// With a blocking descriptor the same calls are plain syscalls. Closing a blocking descriptor does not wake a
/// thread blocked reading it, so <see cref="Interrupt"/> shuts the socket down before the client is disposed.
/// Only Linux is changed; elsewhere this does nothing.
/// </summary>
internal static class BlockingTransportSocket
{
    private const int GetFlags = 3; // F_GETFL
    private const int SetFlags = 4; // F_SETFL
    private const int NonBlocking = 0x800; // O_NONBLOCK on Linux

    /// <summary>Makes <paramref name="client"/>'s session socket blocking; false when it could not (already closed, not Linux).</summary>
    public static bool Apply(SshClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!OperatingSystem.IsLinux() || SshNetSession.Of(client) is not { } session || SshNetSession.SocketOf(session) is not { } socket)
        {
            return false;
        }

        var added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var flags = Fcntl(fd, GetFlags, 0);
            return flags >= 0 && ((flags & NonBlocking) == 0 || Fcntl(fd, SetFlags, flags & ~NonBlocking) == 0);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Shuts the session socket down both ways, which wakes SSH.NET's receive thread even on a silent network.</summary>
    public static void Interrupt(SshClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            if (SshNetSession.Of(client) is { } session && SshNetSession.SocketOf(session) is { } socket)
            {
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);
}

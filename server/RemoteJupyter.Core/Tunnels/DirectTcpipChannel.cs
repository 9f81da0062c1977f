using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tunnels;

/// <summary>
/// One SSH <c>direct-tcpip</c> channel bound straight to an accepted local socket, the way SSH.NET's
/// ForwardedPortLocal does it internally, but on our own listener. SSH.NET keeps its channels internal;
/// without this, every tunnel byte crossed an extra loopback hop (our listener → ForwardedPortLocal's
/// listener), which cost a copy and two syscalls per chunk and a quarter of the throughput on 2 cores.
/// Like <see cref="SshNetSession"/>, the accessors bind by name to SSH.NET 2026.0.0.
/// </summary>
internal sealed class DirectTcpipChannel : IDisposable
{
    private const string SessionInterface = "Renci.SshNet.ISession, Renci.SshNet";
    private const string ChannelType = "Renci.SshNet.Channels.ChannelDirectTcpip, Renci.SshNet";
    private const string ChannelBase = "Renci.SshNet.Channels.Channel, Renci.SshNet";
    private const string ForwardedPortInterface = "Renci.SshNet.IForwardedPort, Renci.SshNet";

    // Open() subscribes to a forwarded port's Closing event; ours never starts, so it never fires.
    private static readonly ForwardedPortLocal Unstarted = new("127.0.0.1", 0, "127.0.0.1", 1);

    // SSH.NET's own channels offer a 2 GiB window, so sshd never waits for us: it reads the far side as fast as
    // it can and queues up to 16 MiB per channel, and then spends its CPU moving that queue around (sshd's CPU per
    // byte tripled, and throughput fell to a third, whenever the consumer lagged). OpenSSH's client offers 2 MiB;
    // 4 MiB measured best here. SSH.NET refills the window when less than one packet is left.
    private const uint WindowSize = 4 * 1024 * 1024;

    // What SSH.NET itself offers; it refuses any packet larger than this plus framing.
    private const uint PacketSize = 64 * 1024;

    private readonly object channel;

    private DirectTcpipChannel(object channel) => this.channel = channel;

    /// <summary>True once the server confirmed the channel; false after a refusal (e.g. nothing listens there).</summary>
    public bool IsOpen => GetIsOpen(channel);

    /// <summary>A new, unopened channel on <paramref name="client"/>'s current session.</summary>
    /// <exception cref="InvalidOperationException">The client is not connected.</exception>
    public static DirectTcpipChannel Create(SshClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = SshNetSession.Of(client) ?? throw new InvalidOperationException("The SSH client is not connected.");
        return new DirectTcpipChannel(NewChannel(session, NextChannelNumber(session), WindowSize, PacketSize));
    }

    /// <summary>Errors SSH.NET meets while relaying (e.g. the local side vanished mid-write).</summary>
    public event EventHandler<ExceptionEventArgs> Exception
    {
        add => AddException(channel, value);
        remove => RemoveException(channel, value);
    }

    /// <summary>Signalled once the server closed the channel (its far side ended); null once disposed.</summary>
    public WaitHandle? ServerClosed => ClosedHandle(channel);

    /// <summary>Tells the server we send nothing more (a half close); what it still sends keeps arriving.</summary>
    public void SendEof() => SendEofMessage(channel);

    /// <summary>Asks the server to connect to <paramref name="host"/>:<paramref name="port"/>; blocks until it answers.</summary>
    public void Open(string host, uint port, Socket local) => OpenChannel(channel, host, port, Unstarted, local);

    /// <summary>Relays the local socket's bytes into the channel until it closes; the reverse direction runs on SSH.NET's receive thread. Blocks.</summary>
    public void Bind() => BindChannel(channel);

    /// <summary>Sends EOF and CLOSE (waiting briefly for the server's CLOSE) and closes the local socket.</summary>
    public void Dispose() => ((IDisposable)channel).Dispose();

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_NextChannelNumber")]
    private static extern uint NextChannelNumber(Session session);

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    [return: UnsafeAccessorType(ChannelType)]
    private static extern object NewChannel([UnsafeAccessorType(SessionInterface)] object session, uint localChannelNumber, uint localWindowSize, uint localPacketSize);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_IsOpen")]
    private static extern bool GetIsOpen([UnsafeAccessorType(ChannelBase)] object channel);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "add_Exception")]
    private static extern void AddException([UnsafeAccessorType(ChannelBase)] object channel, EventHandler<ExceptionEventArgs> handler);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "remove_Exception")]
    private static extern void RemoveException([UnsafeAccessorType(ChannelBase)] object channel, EventHandler<ExceptionEventArgs> handler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_channelClosedWaitHandle")]
    private static extern ref EventWaitHandle? ClosedHandle([UnsafeAccessorType(ChannelBase)] object channel);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "SendEof")]
    private static extern void SendEofMessage([UnsafeAccessorType(ChannelBase)] object channel);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Open")]
    private static extern void OpenChannel(
        [UnsafeAccessorType(ChannelType)] object channel, string host, uint port, [UnsafeAccessorType(ForwardedPortInterface)] object forwardedPort, Socket socket);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Bind")]
    private static extern void BindChannel([UnsafeAccessorType(ChannelType)] object channel);
}

using System.Buffers.Binary;
using System.Net.Sockets;

namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>
/// Talks to ssh-agent over its Unix socket. Every request opens its own connection and closes it: SSH.NET asks for
/// signatures long after the keys were listed (and again on reconnect), and a socket held that long would be one
/// more descriptor to leak. I/O is synchronous because <see cref="Renci.SshNet.Security.HostAlgorithm.Sign"/> is.
/// </summary>
internal sealed class SshAgentClient(string socketPath, TimeSpan timeout)
{
    /// <summary>The agent's socket path (not a secret: it only names where the agent listens).</summary>
    public string SocketPath { get; } = socketPath;

    /// <summary>The keys the agent holds; empty if it answers with a failure.</summary>
    /// <exception cref="SocketException">The agent is not there or did not answer in time.</exception>
    /// <exception cref="InvalidDataException">The answer is malformed.</exception>
    public IReadOnlyList<AgentIdentity> ListIdentities() =>
        AgentMessage.DecodeIdentities(Exchange(AgentMessage.EncodeRequestIdentities()));

    /// <summary>The agent's signature blob over <paramref name="data"/>, or null if the agent refused.</summary>
    /// <exception cref="SocketException">The agent is not there or did not answer in time.</exception>
    /// <exception cref="InvalidDataException">The answer is malformed.</exception>
    public byte[]? Sign(byte[] publicKey, byte[] data, uint flags) =>
        AgentMessage.DecodeSignResponse(Exchange(AgentMessage.EncodeSignRequest(publicKey, data, flags)));

    private byte[] Exchange(byte[] request)
    {
        var milliseconds = (int)timeout.TotalMilliseconds;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            SendTimeout = milliseconds,
            ReceiveTimeout = milliseconds,
        };
        socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
        for (var sent = 0; sent < request.Length;)
        {
            sent += socket.Send(request, sent, request.Length - sent, SocketFlags.None);
        }

        var header = new byte[4];
        ReceiveExactly(socket, header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 or > AgentMessage.MaxLength)
        {
            throw new InvalidDataException($"The agent sent a message of {length} bytes.");
        }

        var body = new byte[length];
        ReceiveExactly(socket, body);
        return body;
    }

    private static void ReceiveExactly(Socket socket, byte[] buffer)
    {
        for (var received = 0; received < buffer.Length;)
        {
            var count = socket.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
            if (count == 0)
            {
                throw new InvalidDataException("The agent closed the connection mid-message.");
            }

            received += count;
        }
    }
}

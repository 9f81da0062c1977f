using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>
/// The agent keys to offer to one host, chosen like ssh does: every key the agent holds, or with
/// <c>IdentitiesOnly yes</c> only those whose public key an <c>IdentityFile</c>'s <c>.pub</c> names.
/// </summary>
internal sealed partial class AgentKeys
{
    /// <summary>Long enough for a person to answer an <c>ssh-add -c</c> confirmation; a missing agent fails at once anyway.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private AgentKeys(IReadOnlyList<AgentKey> offered) => Offered = offered;

    /// <summary>The keys to offer, in the agent's order.</summary>
    public IReadOnlyList<AgentKey> Offered { get; }

    /// <summary>
    /// Asks the agent at <see cref="ResolvedHost.AgentSocket"/> for its keys. No agent, an unreachable one or a
    /// garbled answer is not an error (ssh carries on without it too): the result is then empty.
    /// </summary>
    public static AgentKeys Query(ResolvedHost host, ILogger logger)
    {
        if (host.AgentSocket is not { Length: > 0 } socket)
        {
            return new AgentKeys([]);
        }

        var agent = new SshAgentClient(socket, Timeout);
        IReadOnlyList<AgentIdentity> held;
        try
        {
            held = agent.ListIdentities();
        }
        catch (Exception ex) when (ex is SocketException or InvalidDataException or ArgumentException)
        {
            LogNoAgent(logger, socket, ex.Message);
            return new AgentKeys([]);
        }

        var wanted = host.IdentitiesOnly ? host.IdentityFiles.Select(PublicKeyFile.Read).OfType<byte[]>().ToList() : null;
        var offered = held
            .Where(AgentKey.IsSupported)
            .Where(identity => wanted is null || wanted.Exists(identity.Matches))
            .Select(identity => AgentKey.Create(identity, agent, logger))
            .ToList();
        LogAgentKeys(logger, socket, held.Count, offered.Count);
        return new AgentKeys(offered);
    }

    /// <summary>Whether the key in <paramref name="identityFile"/> is offered through the agent already, so the file need not be opened.</summary>
    public bool Holds(string identityFile) =>
        Offered.Count > 0 && PublicKeyFile.Read(identityFile) is { } publicKey && Offered.Any(key => key.Identity.Matches(publicKey));

    [LoggerMessage(EventId = 1060, Level = LogLevel.Debug, Message = "No SSH agent at {Socket}: {Reason}")]
    private static partial void LogNoAgent(ILogger logger, string socket, string reason);

    [LoggerMessage(EventId = 1061, Level = LogLevel.Debug, Message = "The SSH agent at {Socket} holds {Held} keys; offering {Offered}")]
    private static partial void LogAgentKeys(ILogger logger, string socket, int held, int offered);
}

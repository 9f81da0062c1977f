using Renci.SshNet;
using RemoteJupyter.Core.Ssh.Agent;

namespace RemoteJupyter.Core.Ssh;

/// <summary>A key to offer and where it came from (for messages): an identity file, or the agent key's comment.</summary>
internal sealed record LoadedIdentity(string File, IPrivateKeySource Key)
{
    public bool FromAgent => Key is AgentKey;

    /// <summary>What was offered, for "Permission denied": the files by name, agent keys only counted (their comments are often paths or e-mail addresses).</summary>
    public static string Describe(IReadOnlyList<LoadedIdentity> identities)
    {
        var parts = identities.Where(i => !i.FromAgent).Select(i => i.File).ToList();
        var agentKeys = identities.Count(i => i.FromAgent);
        if (agentKeys > 0)
        {
            parts.Add($"agent keys: {agentKeys}");
        }

        return string.Join(", ", parts);
    }
}

using System.Globalization;

namespace RemoteJupyter.Core.Ssh;

/// <summary>Turning what the files said into a <see cref="ResolvedHost"/>: defaults, tokens, paths.</summary>
public static partial class SshConfigFile
{
    private const int DefaultPort = 22;

    private static readonly string[] DefaultIdentityFiles =
        ["id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk"];

    private static readonly string[] DefaultKnownHostsFiles = ["known_hosts", "known_hosts2"];

    /// <summary>The host name to connect to: HostName with %h expanded, or the alias; lower-cased.</summary>
    private static string HostNameOf(SshConfigOptions options) =>
        options.FinalHostName
        ?? (options.HostName is null ? options.Alias : ExpandHostName(options.HostName, options.Alias)).ToLowerInvariant();

    private static ResolvedHost Build(SshConfigOptions options)
    {
        var alias = options.Alias;
        var home = options.HomeDirectory;
        var finalHostName = HostNameOf(options);
        if (options.HostName is { } hostName && SshTarget.HostProblem(finalHostName) is { } problem)
        {
            throw Invalid(hostName, $"HostName {SshTarget.Quote(finalHostName)} {problem}. Fix the HostName value.");
        }

        var port = options.Port ?? DefaultPort;
        var user = options.User ?? options.LocalUser;
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var machine = System.Net.Dns.GetHostName();
        var tokens = new Dictionary<char, string>
        {
            ['d'] = home,
            ['h'] = finalHostName,
            ['k'] = alias,
            ['L'] = machine.Split('.')[0],
            ['l'] = machine,
            ['n'] = alias,
            ['p'] = portText,
            ['r'] = user,
            ['u'] = options.LocalUser,
        };

        var warnings = new List<string>(options.Warnings);
        var jumps = options.ProxyJump is { } jumpLine && !options.ProxyJumpIsNone ? ParseJumpHosts(jumpLine, jumpLine.Arguments[0]) : [];
        var proxyCommand = options.ProxyCommand is "none" ? null : options.ProxyCommand;
        string? proxyCommandExpanded = null;
        if (proxyCommand is not null)
        {
            var proxyTokens = new Dictionary<char, string> { ['h'] = finalHostName, ['n'] = alias, ['p'] = portText, ['r'] = user };
            proxyCommandExpanded = SshConfigTokens.TryExpand(proxyCommand, proxyTokens, allowEnvironment: false, out var why);
            if (why is not null)
            {
                warnings.Add($"ProxyCommand {SshTarget.Quote(proxyCommand)} {why} ({options.ProxyCommandLine?.Where})");
            }
        }

        var forwardAgent = options.ForwardAgent ?? false;
        if (forwardAgent)
        {
            warnings.Add("ForwardAgent is set but ignored: Remote Jupyter never forwards your agent to the host.");
        }

        if (options.StrictHostKeyChecking is StrictHostKeyChecking.No)
        {
            warnings.Add("StrictHostKeyChecking no is treated as accept-new: unknown host keys are added to known_hosts, changed ones are still refused.");
        }

        return new ResolvedHost(
            alias,
            finalHostName,
            port,
            user,
            IdentityFilePaths(options.IdentityFiles, home, tokens),
            options.IdentitiesOnly ?? false,
            KnownHostsPaths(options.KnownHosts, home, tokens))
        {
            IdentityFileSpecs = [.. options.IdentityFiles.Select(line => line.Arguments[0])],
            IdentityAgent = options.IdentityAgent is { } agent ? SshConfigTokens.ExpandPath(agent, agent.Arguments[0], home, tokens) : null,
            ProxyJump = jumps,
            ProxyJumpText = jumps.Count > 0 ? JumpText(options.ProxyJump!.Arguments[0], jumps[^1]) : null,
            ProxyCommand = proxyCommand,
            ProxyCommandExpanded = proxyCommandExpanded,
            StrictHostKeyChecking = options.StrictHostKeyChecking ?? StrictHostKeyChecking.Ask,
            ServerAliveInterval = options.ServerAliveInterval ?? 0,
            ServerAliveCountMax = options.ServerAliveCountMax ?? 3,
            ConnectTimeout = options.ConnectTimeout,
            ForwardAgent = forwardAgent,
            ForwardAgentSocket = options.ForwardAgentSocket is { } socket ? SshConfigTokens.ExpandPath(socket, socket.Arguments[0], home, tokens) : null,
            Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
        };
    }

    private static List<string> IdentityFilePaths(List<SshConfigLine> lines, string homeDirectory, Dictionary<char, string> tokens)
    {
        // Any IdentityFile, even "none", replaces the defaults; "none" itself names no file.
        if (lines.Count == 0)
        {
            return [.. DefaultIdentityFiles.Select(name => Path.Join(homeDirectory, ".ssh", name))];
        }

        var paths = new List<string>();
        foreach (var line in lines)
        {
            var value = line.Arguments[0];
            if (!value.Equals("none", StringComparison.OrdinalIgnoreCase)
                && SshConfigTokens.ExpandPath(line, value, homeDirectory, tokens) is var path && !paths.Contains(path))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private static List<string> KnownHostsPaths(SshConfigLine? line, string homeDirectory, Dictionary<char, string> tokens)
    {
        if (line is null)
        {
            return [.. DefaultKnownHostsFiles.Select(name => Path.Join(homeDirectory, ".ssh", name))];
        }

        return line.Arguments is ["none"]
            ? []
            : [.. line.Arguments.Select(value => SshConfigTokens.ExpandPath(line, value, homeDirectory, tokens))];
    }
}

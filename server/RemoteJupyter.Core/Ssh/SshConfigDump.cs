using System.Globalization;

namespace RemoteJupyter.Core.Ssh;

/// <summary>A <see cref="ResolvedHost"/> printed the way <c>ssh -G</c> prints the same options, for comparing the two.</summary>
public static class SshConfigDump
{
    /// <summary>
    /// Lower-case <c>key value</c> lines for hostname, port, user, identityfile (as written, one per line),
    /// identitiesonly, identityagent (only when configured), userknownhostsfile, stricthostkeychecking,
    /// serveraliveinterval, serveralivecountmax, connecttimeout, proxyjump and proxycommand (only when set),
    /// and forwardagent.
    /// </summary>
    public static IReadOnlyList<string> Lines(ResolvedHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lines = new List<string>
        {
            "hostname " + host.HostName,
            "port " + Number(host.Port),
            "user " + host.User,
        };

        // ssh -G prints identity files as written, with '~' left in; the defaults are in ~/.ssh.
        lines.AddRange(host.IdentityFileSpecs.Count > 0
            ? host.IdentityFileSpecs.Select(spec => "identityfile " + spec)
            : host.IdentityFiles.Select(path => "identityfile ~/.ssh/" + Path.GetFileName(path)));
        lines.Add("identitiesonly " + YesNo(host.IdentitiesOnly));
        if (host.IdentityAgent is { } agent)
        {
            lines.Add("identityagent " + agent);
        }

        lines.Add("userknownhostsfile " + (host.UserKnownHostsFiles.Count > 0 ? string.Join(' ', host.UserKnownHostsFiles) : "none"));
        lines.Add("stricthostkeychecking " + host.StrictHostKeyChecking switch
        {
            StrictHostKeyChecking.Yes => "true",
            StrictHostKeyChecking.No => "false",
            StrictHostKeyChecking.AcceptNew => "accept-new",
            _ => "ask",
        });
        lines.Add("serveraliveinterval " + Number(host.ServerAliveInterval));
        lines.Add("serveralivecountmax " + Number(host.ServerAliveCountMax));
        lines.Add("connecttimeout " + (host.ConnectTimeout is { } timeout ? Number(timeout) : "none"));
        if (host.ProxyJumpText is { } jump)
        {
            lines.Add("proxyjump " + jump);
        }

        if (host.ProxyCommand is { } command)
        {
            lines.Add("proxycommand " + command);
        }

        lines.Add("forwardagent " + (host.ForwardAgentSocket ?? YesNo(host.ForwardAgent)));
        return lines;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";
}

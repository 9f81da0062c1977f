using System.Globalization;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>Checking and converting one line's values, with messages that point at the line.</summary>
public static partial class SshConfigFile
{
    internal static RemoteJupyterException Invalid(SshConfigLine line, string message) =>
        new(ErrorCode.InvalidHost, $"{message} (SSH config: {line.Where})");

    private static string Single(SshConfigLine line)
    {
        RequireArguments(line);
        if (line.Arguments.Count > 1)
        {
            throw Invalid(line, $"{line.Keyword} takes one value but has {line.Arguments.Count}. Quote a value that contains spaces, or remove the extra ones.");
        }

        return line.Arguments[0].Length > 0
            ? line.Arguments[0]
            : throw Invalid(line, $"{line.Keyword} has an empty value. Give it a value or remove the line.");
    }

    private static void RequireArguments(SshConfigLine line)
    {
        if (line.Arguments.Count == 0)
        {
            throw Invalid(line, $"{line.Keyword} has no value. Give it a value or remove the line.");
        }
    }

    private static int ParsePort(SshConfigLine line)
    {
        var text = Single(line);
        return ParsePortNumber(text) ?? throw Invalid(line, $"Port {SshTarget.Quote(text)} is not a port number. Use a number from 1 to 65535.");
    }

    private static int? ParsePortNumber(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : null;

    private static bool ParseFlag(SshConfigLine line) =>
        Single(line).ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            var other => throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(other)} is not yes or no. Use yes or no."),
        };

    private static StrictHostKeyChecking ParseStrictHostKeyChecking(SshConfigLine line) =>
        Single(line).ToLowerInvariant() switch
        {
            "yes" or "true" => StrictHostKeyChecking.Yes,
            "no" or "false" or "off" => StrictHostKeyChecking.No,
            "ask" => StrictHostKeyChecking.Ask,
            "accept-new" => StrictHostKeyChecking.AcceptNew,
            var other => throw Invalid(line, $"StrictHostKeyChecking {SshTarget.Quote(other)} is not understood. Use yes, accept-new, ask or no."),
        };

    /// <summary>OpenSSH's time format (<c>90</c>, <c>1m30s</c>, units s m h d w) in seconds; null for <c>none</c>.</summary>
    private static int? ParseTime(SshConfigLine line)
    {
        var text = Single(line);
        if (text == "none")
        {
            return null;
        }

        long total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            long multiplier = i < text.Length ? char.ToLowerInvariant(text[i]) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => 0,
            } : 1;
            if (i == start || multiplier == 0 || !long.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || (total += amount * multiplier) > int.MaxValue)
            {
                throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(text)} is not a time. Use seconds, or a time like 1m30s.");
            }

            i = i < text.Length ? i + 1 : i;
        }

        return (int)total;
    }

    private static int ParseCount(SshConfigLine line)
    {
        var text = Single(line);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(text)} is not a whole number. Use a number such as 3.");
    }

    private static string CheckUser(SshConfigLine line, string user) =>
        SshTarget.UserProblem(user) is { } problem
            ? throw Invalid(line, $"User {SshTarget.Quote(user)} {problem}. Fix the User value.")
            : user;

    /// <summary>A ProxyJump chain: comma-separated <c>[user@]host[:port]</c> or <c>ssh://[user@]host[:port]</c> hops.</summary>
    private static List<SshJumpHost> ParseJumpHosts(SshConfigLine line, string value) =>
        [.. value.Split(',').Select(hop => ParseJumpHost(hop) ?? throw Invalid(
            line, $"ProxyJump {SshTarget.Quote(value)} has the hop {SshTarget.Quote(hop)}, which is not [user@]host[:port]. Fix the hop, or use none."))];

    private static SshJumpHost? ParseJumpHost(string hop)
    {
        var uri = hop.StartsWith("ssh://", StringComparison.Ordinal);
        var rest = uri ? hop["ssh://".Length..].TrimEnd('/') : hop;
        string? user = null;
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
            if (user.Length == 0)
            {
                return null;
            }
        }

        string host;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < rest.Length && rest[close + 1] != ':'))
            {
                return null;
            }

            host = rest[1..close];
            portText = close + 1 < rest.Length ? rest[(close + 2)..] : null;
        }
        else
        {
            var colon = rest.IndexOfAny(uri ? [':'] : [':', '/']);
            host = colon < 0 ? rest : rest[..colon];
            portText = colon < 0 ? null : rest[(colon + 1)..];
        }

        int? port = null;
        if (!string.IsNullOrEmpty(portText) && (port = ParsePortNumber(portText)) is null)
        {
            return null;
        }

        return host.Length == 0 ? null : new SshJumpHost(user, host, port);
    }

    /// <summary>ProxyJump as <c>ssh -G</c> prints it: earlier hops as written, the last one rebuilt.</summary>
    private static string JumpText(string value, SshJumpHost last)
    {
        var comma = value.LastIndexOf(',');
        var numeric = last.Host.Contains(':', StringComparison.Ordinal) || last.Host.All(c => char.IsAsciiDigit(c) || c == '.');
        var host = numeric ? $"[{last.Host}]" : last.Host;
        return (comma > 0 ? value[..(comma + 1)] : "")
            + (last.User is null ? "" : last.User + "@")
            + host
            + (last.Port is { } port ? ":" + port.ToString(CultureInfo.InvariantCulture) : "");
    }
}

using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// What the person typed to name an SSH host: an ssh_config alias or host name, with an optional user and
/// port. Every instance is validated, including ones made with <c>new</c> or <c>with</c>, so a host can
/// never smuggle an option (<c>-oProxyCommand=…</c>) or a line break into later commands and files.
/// </summary>
/// <param name="Host">The alias or host name, without brackets, e.g. <c>example.com</c> or <c>::1</c>.</param>
/// <param name="Port">The port given after <c>:</c>, or null to let ssh_config decide.</param>
/// <param name="User">The user given before <c>@</c>, or null to let ssh_config decide.</param>
public sealed record SshTarget(string Host, int? Port, string? User)
{
    private const string Example = "Write it like example.com, user@example.com:2222 or user@[::1]:2222.";

    // OpenSSH's own lists (ssh.c valid_hostname / valid_ruser) plus characters that have meaning in
    // ssh_config and known_hosts, so a host written back to those files cannot turn into a pattern.
    private static readonly SearchValues<char> ForbiddenInHost = SearchValues.Create("'`\"$\\;&<>|(){}[]@,*?!#");
    private static readonly SearchValues<char> ForbiddenInUser = SearchValues.Create("'`\";&<>|(){}");

    /// <summary>The alias or host name, without brackets.</summary>
    public string Host { get; init => field = CheckHost(value); } = CheckHost(Host);

    /// <summary>The port given after <c>:</c>, or null to let ssh_config decide.</summary>
    public int? Port { get; init => field = CheckPort(value); } = CheckPort(Port);

    /// <summary>The user given before <c>@</c>, or null to let ssh_config decide.</summary>
    public string? User { get; init => field = CheckUser(value); } = CheckUser(User);

    /// <summary>
    /// Parses <c>host</c>, <c>user@host</c>, <c>host:port</c>, <c>user@host:port</c>, <c>[ipv6]:port</c>,
    /// or a bare IPv6 address. The user ends at the last <c>@</c>, as in OpenSSH, so it may itself contain
    /// <c>@</c>.
    /// </summary>
    /// <exception cref="RemoteJupyterException">With <see cref="ErrorCode.InvalidHost"/> when the text is not a usable target.</exception>
    public static SshTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid($"The host is empty. Enter an ssh_config alias or a host name. {Example}");
        }

        if (FindUnprintable(text) is { } problem)
        {
            throw Invalid($"The host {Quote(text)} contains {problem}. Remove it and try again. {Example}");
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid($"{Quote(text)} looks like a URL, which is not supported. {Example}");
        }

        string? user = null;
        var rest = text;
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            user = text[..at];
            rest = text[(at + 1)..];
            if (user.Length == 0)
            {
                throw Invalid($"{Quote(text)} has nothing before '@'. Put the user name there, or leave out the '@'.");
            }
        }

        var (host, portText) = SplitHostAndPort(text, rest);
        if (host.Length == 0)
        {
            throw Invalid($"{Quote(text)} has no host name. {Example}");
        }

        return new SshTarget(host, portText is null ? null : ParsePort(text, portText), user);
    }

    /// <summary>
    /// Canonical text that <see cref="Parse"/> reads back to an equal target; hosts containing <c>:</c>
    /// (IPv6) are bracketed.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (User is not null)
        {
            text.Append(User).Append('@');
        }

        text.Append(Host.Contains(':') ? $"[{Host}]" : Host);
        if (Port is { } port)
        {
            text.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>
    /// Why <paramref name="host"/> cannot be used as a host name (as a sentence fragment), or null when it can.
    /// Shared with ssh_config's <c>HostName</c>, which ends up in the same places.
    /// </summary>
    internal static string? HostProblem(string host)
    {
        if (host.Length == 0)
        {
            return "is empty";
        }

        if (FindUnprintable(host) is { } problem)
        {
            return $"contains {problem}";
        }

        if (host[0] == '-')
        {
            return "starts with '-', which ssh would read as a command-line option";
        }

        var bad = host.AsSpan().IndexOfAny(ForbiddenInHost);
        return bad >= 0 ? $"contains '{host[bad]}', which cannot appear in a host name" : null;
    }

    /// <summary>Why <paramref name="user"/> cannot be used as a user name, or null when it can.</summary>
    internal static string? UserProblem(string user)
    {
        if (user.Length == 0)
        {
            return "is empty";
        }

        if (FindUnprintable(user) is { } problem)
        {
            return $"contains {problem}";
        }

        if (user[0] == '-')
        {
            return "starts with '-', which ssh would read as a command-line option";
        }

        if (user[^1] == '\\')
        {
            return "ends with '\\'";
        }

        var bad = user.AsSpan().IndexOfAny(ForbiddenInUser);
        return bad >= 0 ? $"contains '{user[bad]}', which cannot appear in a user name" : null;
    }

    /// <summary>
    /// Renders untrusted text for an error message: quoted, control characters escaped so a newline
    /// cannot forge extra lines of output, and long input shortened.
    /// </summary>
    internal static string Quote(string text)
    {
        const int MaxLength = 80;
        var quoted = new StringBuilder("'");
        foreach (var c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                quoted.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => $"\\u{(int)c:x4}",
                });
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append(text.Length > MaxLength ? "…'" : "'").ToString();
    }

    private static (string Host, string? PortText) SplitHostAndPort(string text, string rest)
    {
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid($"{Quote(text)} has '[' without a matching ']'. Write an IPv6 address as [::1] or [::1]:2222.");
            }

            var after = rest[(close + 1)..];
            if (after.Length > 0 && after[0] != ':')
            {
                throw Invalid($"{Quote(text)} has {Quote(after)} after ']'. Only ':port' may follow, as in [::1]:2222.");
            }

            return (rest[1..close], after.Length == 0 ? null : after[1..]);
        }

        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (rest, null);
        }

        if (colon == rest.LastIndexOf(':'))
        {
            return (rest[..colon], rest[(colon + 1)..]);
        }

        // Several colons: only an IPv6 address makes sense, and then a port would be ambiguous.
        if (IPAddress.TryParse(rest, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return (rest, null);
        }

        throw Invalid($"{Quote(text)} has more than one ':'. For an IPv6 address with a port write [address]:port, e.g. [::1]:2222; otherwise write host:port.");
    }

    private static int ParsePort(string text, string portText)
    {
        if (portText.Length == 0)
        {
            throw Invalid($"{Quote(text)} ends with ':' but no port. Add the port number after ':' or remove the ':'.");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && !portText.All(char.IsAsciiDigit))
        {
            throw Invalid($"The port {Quote(portText)} in {Quote(text)} is not a number. Use a port number from 1 to 65535, e.g. example.com:2222.");
        }

        if (port is < 1 or > 65535)
        {
            throw Invalid($"The port {Quote(portText)} in {Quote(text)} is out of range. Use a port number from 1 to 65535.");
        }

        return port;
    }

    private static string CheckHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return HostProblem(host) is { } problem
            ? throw Invalid($"The host name {Quote(host)} {problem}. Check the host and try again. {Example}")
            : host;
    }

    private static int? CheckPort(int? port) =>
        port is < 1 or > 65535
            ? throw Invalid($"The port {port} is out of range. Use a port number from 1 to 65535.")
            : port;

    private static string? CheckUser(string? user) =>
        user is not null && UserProblem(user) is { } problem
            ? throw Invalid($"The user name {Quote(user)} {problem}. Check the user name before '@' and try again.")
            : user;

    private static string? FindUnprintable(string text)
    {
        foreach (var c in text)
        {
            if (c is '\n' or '\r')
            {
                return "a line break";
            }

            if (char.IsControl(c))
            {
                return "a control character";
            }

            if (char.IsWhiteSpace(c))
            {
                return "a space";
            }

            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return "an invisible formatting character";
            }
        }

        return null;
    }

    private static RemoteJupyterException Invalid(string message) => new(ErrorCode.InvalidHost, message);
}

using System.Text;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Slurm;

/// <summary>
/// One round trip that says where a job stands: its squeue line (or, once squeue has forgotten it, scontrol's
/// record), the endpoint file, and when it is neither pending nor running the last lines of its log.
/// </summary>
public static class SlurmJobProbe
{
    /// <summary>How many log lines an ended job is reported with.</summary>
    public const int LogLines = 20;

    /// <summary>The probe script for job <paramref name="jobId"/> of folder <paramref name="id"/>; <paramref name="withToken"/> also prints the token Jupyter wrote (0600) in the job's runtime folder, for a reattach.</summary>
    public static string Build(ServerLayout layout, string id, string jobId, bool withToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var job = ShellQuote.Quote(jobId);
        var s = new StringBuilder();
        s.Append("dir=").AppendLine(SlurmJobScript.QuotedDir(layout, id));
        s.AppendLine("printf 'loginhost=%s\\n' \"$(hostname)\"");
        s.Append("q=$(squeue -h -j ").Append(job).Append(" -o ").Append(ShellQuote.Quote(SlurmJobStatusParser.Format)).AppendLine(" 2>/dev/null)");
        s.AppendLine("if [ -n \"$q\" ]; then printf 'queue=%s\\n' \"$q\"; else scontrol show job " + job + " 2>/dev/null | sed 's/^/scontrol=/'; fi");
        s.AppendLine("[ -r \"$dir/endpoint\" ] && printf 'endpoint=%s\\n' \"$(cat \"$dir/endpoint\")\"");
        s.AppendLine("[ -r \"$dir/access\" ] && printf 'access=%s\\n' \"$(cat \"$dir/access\")\"");
        s.AppendLine("case $q in *'|PENDING|'*|*'|RUNNING|'*) ;; *) [ -r \"$dir/job.log\" ] && tail -n " + LogLines + " \"$dir/job.log\" | sed 's/^/log=/' ;; esac");
        if (withToken)
        {
            s.AppendLine("for f in \"$dir\"/runtime/jpserver-*.json; do [ -r \"$f\" ] && sed -n 's/.*\"token\": *\"\\([^\"]*\\)\".*/token=\\1/p' \"$f\"; done");
        }

        return s.ToString();
    }

    /// <summary>Reads what <see cref="Build"/> printed; a job neither squeue nor scontrol knows comes back as <c>UNKNOWN</c>.</summary>
    public static SlurmJobSnapshot Parse(string jobId, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scontrol = new StringBuilder();
        var log = new List<string>();
        SlurmJobStatus? status = null;
        SlurmEndpoint? endpoint = null;
        string? token = null;
        string? loginHost = null;
        string? access = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("queue=", StringComparison.Ordinal))
            {
                status = SlurmJobStatusParser.ParseQueue(line["queue=".Length..]) is [var first, ..] ? first : null;
            }
            else if (line.StartsWith("scontrol=", StringComparison.Ordinal))
            {
                scontrol.AppendLine(line["scontrol=".Length..]);
            }
            else if (line.StartsWith("endpoint=", StringComparison.Ordinal))
            {
                endpoint = SlurmEndpoint.Parse(line["endpoint=".Length..]);
            }
            else if (line.StartsWith("log=", StringComparison.Ordinal))
            {
                log.Add(line["log=".Length..].TrimEnd('\r'));
            }
            else if (line.StartsWith("access=", StringComparison.Ordinal))
            {
                access = line["access=".Length..].Trim();
            }
            else if (line.StartsWith("loginhost=", StringComparison.Ordinal))
            {
                loginHost = line["loginhost=".Length..].Trim();
            }
            else if (line.StartsWith("token=", StringComparison.Ordinal))
            {
                token ??= line["token=".Length..].Trim();
            }
        }

        status ??= SlurmJobStatusParser.ParseScontrol(scontrol.ToString()) ?? new SlurmJobStatus(jobId, "UNKNOWN", null, null, null);
        var (nodeAccess, nodeSshPort) = ParseAccess(access);
        return new SlurmJobSnapshot(status, endpoint ?? SlurmEndpoint.ParseComment(status.Comment), log, token is { Length: > 0 } ? JupyterToken.FromValue(token) : null)
        {
            LoginHost = loginHost,
            NodeAccess = nodeAccess,
            NodeSshPort = nodeSshPort,
        };
    }

    /// <summary>The job folder's <c>access</c> file: <c>MODE PORT</c> as submitted; auto and 22 when absent or unreadable.</summary>
    internal static (SlurmNodeAccess Access, int SshPort) ParseAccess(string? text)
    {
        var fields = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var access = fields.Length > 0 ? SlurmNodeAccessNames.Parse(fields[0]) ?? SlurmNodeAccess.Auto : SlurmNodeAccess.Auto;
        var port = fields.Length > 1 && int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p)
            && p is > 0 and < 65536 ? p : 22;
        return (access, port);
    }
}

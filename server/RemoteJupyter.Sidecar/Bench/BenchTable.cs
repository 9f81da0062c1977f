using System.Globalization;
using System.Text;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>The bench's one table: each row ours, OpenSSH, raw loopback and the two ratios, all from the same run.</summary>
internal static class BenchTable
{
    private static readonly string[] Header = ["", "ours", "OpenSSH", "raw", "ours/OpenSSH", "ours/raw"];
    private static readonly string[] NetemMissing = ["50 ms RTT: cold connect / reattach, s", "–", "", "", "", ""];

    public static string Format(BenchFigures f)
    {
        var rows = new List<string[]>
        {
            Header,
            Row($"bulk download {f.BulkMiB} MiB, MiB/s (median)", f.ThroughputMiBps, f.ThroughputMiBpsOpenSsh, f.ThroughputMiBpsRaw, "F0"),
            Row("GET /api/status one by one, p50 ms", f.StatusP50Ms, f.StatusP50MsOpenSsh, f.StatusP50MsRaw, "F3"),
            Row("GET /api/status one by one, p99 ms", f.StatusP99Ms, f.StatusP99MsOpenSsh, f.StatusP99MsRaw, "F3"),
            Row("kernel execute 1+1 one by one, p50 ms", f.KernelRoundTripP50Ms, f.KernelRoundTripP50MsOpenSsh, f.KernelRoundTripP50MsRaw, "F3"),
            Row("kernel execute 1+1 one by one, p99 ms", f.KernelRoundTripP99Ms, f.KernelRoundTripP99MsOpenSsh, f.KernelRoundTripP99MsRaw, "F3"),
            Row("cold connect → ready URL, s (raw: jupyter_server alone)", f.ColdConnectSeconds, f.OpenSshScriptedConnectSeconds, f.JupyterStartFloorSeconds, "F2"),
            new[] { "  remote commands (cold / reattach)", $"{f.ColdConnectRemoteCommands} / {f.ReattachRemoteCommands}", "2 ssh + polling", "", "", "" },
            new[] { "reattach → ready URL, s", Num(f.ReattachSeconds, "F3"), "", "", "", "" },
            new[] { $"{f.Websockets} websockets at once, p99 ms (errors)", $"{Num(f.WebsocketP99Ms, "F1")} ({f.WebsocketErrors})", $"{Num(f.WebsocketP99MsOpenSsh, "F1")} ({f.WebsocketErrorsOpenSsh})", "", Ratio(f.WebsocketP99Ms, f.WebsocketP99MsOpenSsh), "" },
            new[] { "sidecar start → RPC ready, ms", Num(f.SidecarStartMs, "F0"), "", "", "", "" },
            new[] { "sidecar idle RSS after one connection, MB", Num(f.IdleRssMb, "F1"), "", "", "", "" },
            f.NetemSkipped is not null
                ? NetemMissing
                : new[] { "50 ms RTT: cold connect / reattach, s", $"{Num(f.ColdConnectSecondsAt50msRtt ?? double.NaN, "F2")} / {Num(f.ReattachSecondsAt50msRtt ?? double.NaN, "F2")}", "", "", "", "" },
        };

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row[0].PadRight(widths[0]));
            for (var c = 1; c < row.Length; c++)
            {
                text.Append("  ").Append(row[c].PadLeft(widths[c]));
            }

            text.AppendLine();
        }

        if (f.SidecarBuild is { } build)
        {
            text.Append("sidecar rows: the ").Append(build).Append(" build, ").AppendLine(f.SidecarPath);
        }

        if (f.NetemSkipped is { } why)
        {
            text.Append("50 ms RTT rows not measured: ").AppendLine(why);
        }

        return text.ToString();
    }

    private static string[] Row(string what, double ours, double openSsh, double raw, string format) =>
        [what, Num(ours, format), Num(openSsh, format), Num(raw, format), Ratio(ours, openSsh), Ratio(ours, raw)];

    private static string Num(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×" : "–";
}

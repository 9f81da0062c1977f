using RemoteJupyter.Sidecar.Demo;

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>
/// Whether this machine can delay traffic with <c>tc netem</c> in a network namespace of our own (root, iproute2,
/// a kernel with sch_netem), for the 50 ms RTT rows. Returns why not, or null when it can.
/// </summary>
internal static class NetemProbe
{
    private const string Namespace = "rj-bench-probe";

    public static async Task<string?> WhyNotAsync(CancellationToken ct)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (network namespace + tc netem)";
        }

        if (!File.Exists("/usr/sbin/ip") || !File.Exists("/usr/sbin/tc"))
        {
            return "needs iproute2 (ip, tc)";
        }

        if ((await ProcessRunner.RunAsync("/usr/sbin/ip", ["netns", "add", Namespace], ct)).ExitCode != 0)
        {
            return "cannot create a network namespace here";
        }

        try
        {
            var netem = await ProcessRunner.RunAsync("/usr/sbin/ip", ["netns", "exec", Namespace, "/usr/sbin/tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "25ms"], ct);
            return netem.ExitCode == 0
                ? "netem works here, but the 50 ms RTT rows are not built yet"
                : $"this kernel has no netem (tc: {netem.Stderr.Trim()})";
        }
        finally
        {
            await ProcessRunner.RunAsync("/usr/sbin/ip", ["netns", "del", Namespace], CancellationToken.None);
        }
    }
}

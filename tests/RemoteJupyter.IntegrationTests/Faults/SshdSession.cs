using System.Globalization;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Demo;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>
/// The sshd processes serving one connection (the privileged monitor and its session child), found by asking
/// the connection itself, so a fault hits exactly that session and no other on the same test host.
/// </summary>
internal sealed class SshdSession
{
    private SshdSession(IReadOnlyList<int> pids) => Pids = pids;

    /// <summary>Session child first, then its monitor.</summary>
    public IReadOnlyList<int> Pids { get; }

    public static async Task<SshdSession> OfAsync(SshConnection connection, CancellationToken cancellationToken)
    {
        var result = await connection.Shell.RunAsync("echo $PPID", cancellationToken);
        var pid = int.Parse(result.Stdout.Trim(), CultureInfo.InvariantCulture);

        // A login shell that does not exec its -c command sits between sshd and our sh.
        while (Comm(pid) != "sshd")
        {
            pid = PosixProcess.ParentOf(pid) ?? throw new InvalidOperationException("No sshd above the remote shell.");
        }

        var monitor = PosixProcess.ParentOf(pid) ?? throw new InvalidOperationException("The sshd session has no parent.");
        Assert.Equal("sshd", Comm(monitor));
        return new SshdSession([pid, monitor]);
    }

    /// <summary>Sends <paramref name="signal"/> to every process; gone already is fine (killing one can end the other).</summary>
    public void Signal(int signal)
    {
        foreach (var pid in Pids)
        {
            PosixProcess.Signal(pid, signal);
        }
    }

    /// <summary>Kills and resumes (a stopped process only dies once it runs again), so nothing stays stopped.</summary>
    public void End()
    {
        Signal(PosixProcess.SigKill);
        Signal(PosixProcess.SigCont);
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}

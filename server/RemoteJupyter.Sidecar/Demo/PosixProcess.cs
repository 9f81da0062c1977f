using System.Globalization;
using System.Runtime.InteropServices;

namespace RemoteJupyter.Sidecar.Demo;

/// <summary>
/// The few POSIX process operations .NET lacks: sending a signal other than SIGKILL, and finding
/// children by parent pid. Linux only (/proc), which is all the throwaway host runs on.
/// </summary>
internal static class PosixProcess
{
    public const int SigHup = 1;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/>; false when the pid is gone or not ours to signal.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>
    /// Signals only if the pid still belongs to the process we saw, so a recycled pid is never hit.
    /// </summary>
    public static bool Signal((int Pid, ulong StartTime) process, int signal) =>
        ReadStat(process.Pid) is { } stat && stat.StartTime == process.StartTime && Signal(process.Pid, signal);

    /// <summary>
    /// True while the process runs. A zombie counts as gone: where pid 1 does not reap orphans
    /// (as in some containers), a killed orphan stays in /proc forever.
    /// </summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { State: not 'Z' and not 'X' };

    /// <summary>Same as <see cref="IsAlive(int)"/>, but false once the pid belongs to another process.</summary>
    public static bool IsAlive((int Pid, ulong StartTime) process) =>
        ReadStat(process.Pid) is { State: not 'Z' and not 'X' } stat && stat.StartTime == process.StartTime;

    /// <summary>The parent pid, or null when the process is gone.</summary>
    public static int? ParentOf(int pid) => ReadStat(pid)?.ParentPid;

    /// <summary>Live direct children of <paramref name="parentPid"/>, with start times to pin their identity.</summary>
    public static IReadOnlyList<(int Pid, ulong StartTime)> ChildrenOf(int parentPid)
    {
        var children = new List<(int Pid, ulong StartTime)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { State: not 'Z' and not 'X' } stat
                && stat.ParentPid == parentPid)
            {
                children.Add((pid, stat.StartTime));
            }
        }

        return children;
    }

    /// <summary>Inodes of the sockets the process holds open, e.g. "socket:[1234]".</summary>
    public static IReadOnlySet<string> SocketsOf(int pid)
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    sockets.Add(target);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited or closed fds while we looked; callers treat that as "no sockets".
        }

        return sockets;
    }

    private static (char State, int ParentPid, ulong StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may contain spaces and parentheses; fields after its last ')' are plain.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19
            ? (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), ulong.Parse(fields[19], CultureInfo.InvariantCulture))
            : null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

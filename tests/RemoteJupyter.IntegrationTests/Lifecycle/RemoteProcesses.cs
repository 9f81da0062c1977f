using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.IntegrationTests.Lifecycle;

/// <summary>
/// What runs and what lies on the loopback "remote" for one state folder: the processes whose environment points
/// into it (our servers and everything they started) and the folder's files with their modes. Tests only look at
/// their own state folder, so other tests' servers never count.
/// </summary>
internal static class RemoteProcesses
{
    /// <summary>The state folder of <paramref name="layout"/> as a local path on the test host.</summary>
    public static string Root(ServerLayout layout, string userHome) =>
        layout.Root.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(userHome, layout.Root[2..]) : layout.Root;

    /// <summary>Pids of live processes whose JUPYTER_RUNTIME_DIR lies under <paramref name="root"/>.</summary>
    public static IReadOnlyList<int> Under(string root)
    {
        var prefix = "JUPYTER_RUNTIME_DIR=" + root.TrimEnd('/') + "/servers/";
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || !Sidecar.Demo.PosixProcess.IsAlive(pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Any(v => v.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return pids;
    }

    /// <summary>The jupyter_server processes among <see cref="Under"/> (kernels left out).</summary>
    public static IReadOnlyList<int> Servers(string root) =>
        Under(root).Where(pid => CommandLine(pid).Contains("jupyter_server", StringComparison.Ordinal)).ToList();

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Every entry under <paramref name="root"/> (root included) whose mode is not 0700 for a folder or 0600 for a file.</summary>
    public static IReadOnlyList<string> NotPrivate(string root) =>
        new[] { root }.Concat(Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
            .Select(path => (path, info: (FileSystemInfo)(Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path))))
            .Where(e => e.info.UnixFileMode != (e.info is DirectoryInfo ? (UnixFileMode)0b111_000_000 : (UnixFileMode)0b110_000_000))
            .Select(e => $"{e.path} {Convert.ToString((int)e.info.UnixFileMode, 8)}")
            .ToList();
}

using System.Diagnostics;
using System.Runtime.Versioning;
using RemoteJupyter.Core.Environments;

namespace RemoteJupyter.Core.Tests.Environments;

/// <summary>
/// A throwaway home folder laid out like a real host's, and the discovery script run against it locally under
/// /bin/sh with this machine's /usr/bin/python3: the script and its Python parts, without SSH.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FakeHost : IDisposable
{
    public FakeHost()
    {
        Home = Path.Combine(Path.GetTempPath(), "rj-fake-home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Bin);
    }

    public string Home { get; }

    /// <summary>Put first on PATH: fake conda/micromamba go here.</summary>
    public string Bin => Path.Combine(Home, "bin");

    /// <summary>A prefix whose bin/python is a symlink to the real interpreter, like venv and conda make.</summary>
    public string Prefix(string relative, string? pyvenvCfg = null, bool conda = false)
    {
        var prefix = Path.Combine(Home, relative);
        Directory.CreateDirectory(Path.Combine(prefix, "bin"));
        File.CreateSymbolicLink(Path.Combine(prefix, "bin", "python"), "/usr/bin/python3");
        if (pyvenvCfg is not null)
        {
            File.WriteAllText(Path.Combine(prefix, "pyvenv.cfg"), pyvenvCfg);
        }

        if (conda)
        {
            Directory.CreateDirectory(Path.Combine(prefix, "conda-meta"));
        }

        return prefix;
    }

    /// <summary>An executable sh script in <see cref="Bin"/>.</summary>
    public void Tool(string name, string script)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    public void Kernel(string kernelsDir, string name, string json)
    {
        var dir = Path.Combine(Home, kernelsDir, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "kernel.json"), json);
    }

    /// <summary>
    /// Runs the script as <see cref="RemoteJupyter.Core.Remote.RemoteShell"/> would and returns its stdout.
    /// <paramref name="shell"/>: "sh" is dash here, bash (in POSIX mode, as when it is /bin/sh) on RHEL and macOS.
    /// </summary>
    public async Task<string> RunAsync(DiscoveryOptions options, string? path = null, string shell = "/bin/sh")
    {
        var start = new ProcessStartInfo(shell, shell.EndsWith("bash", StringComparison.Ordinal) ? ["--posix", "-s"] : ["-s"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["HOME"] = Home;
        start.Environment["PATH"] = path ?? Bin + ":/usr/bin:/bin";
        foreach (var name in new[] { "PYENV_ROOT", "CONDA_PREFIX", "CONDA_EXE", "MAMBA_EXE", "MAMBA_ROOT_PREFIX", "JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync("{\nexec </dev/null\n" + DiscoveryScript.Build(options) + "\n}\n");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "sh failed: " + await stderr);
        return await stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

using System.Diagnostics;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Demo;

/// <summary>Runs the short-lived helper tools the throwaway host needs (ssh-keygen, getent, useradd, sshd -t).</summary>
internal static class ProcessRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"Could not start {file}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <exception cref="RemoteJupyterException">The tool exited non-zero; carries its stderr.</exception>
    public static async Task RunCheckedAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await RunAsync(file, arguments, ct);
        if (result.ExitCode != 0)
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"{file} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr.Trim()}");
        }
    }
}

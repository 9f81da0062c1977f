using System.Diagnostics;

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>Runs the real OpenSSH client tools, so tests compare against the behaviour we imitate.</summary>
internal static class OpenSsh
{
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {program}; these tests need openssh-client installed.");
        process.StandardInput.Close();

        // Sequential reads are safe here: these commands write far less than a pipe buffer to stderr.
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors}");
        return output;
    }
}

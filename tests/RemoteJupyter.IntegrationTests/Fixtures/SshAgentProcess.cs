using System.Diagnostics;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// A real OpenSSH <c>ssh-agent -D</c> on a socket in its own temp dir; keys are added with the real ssh-add.
/// Disposing kills exactly this agent (by pid) and removes the dir.
/// </summary>
public sealed class SshAgentProcess(string dir, Process process) : IDisposable
{
    public string SocketPath => Path.Combine(dir, "agent.sock");

    /// <summary>Starts the agent and waits for its socket to appear.</summary>
    public static async Task<SshAgentProcess> StartAsync(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("rj-agent-").FullName;
        var start = new ProcessStartInfo("/usr/bin/ssh-agent") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-D", "-a", Path.Combine(dir, "agent.sock")])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start ssh-agent; install openssh-client.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var agent = new SshAgentProcess(dir, process);
        try
        {
            while (!File.Exists(agent.SocketPath))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"ssh-agent exited with {process.ExitCode}.");
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch
        {
            agent.Dispose();
            throw;
        }

        return agent;
    }

    /// <summary>Adds an unencrypted private key file with ssh-add.</summary>
    public async Task AddAsync(string privateKey, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/ssh-add") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(privateKey);
        start.Environment["SSH_AUTH_SOCK"] = SocketPath;
        using var add = Process.Start(start) ?? throw new InvalidOperationException("Could not start ssh-add.");
        var stderr = add.StandardError.ReadToEndAsync(cancellationToken);
        await add.StandardOutput.ReadToEndAsync(cancellationToken);
        await add.WaitForExitAsync(cancellationToken);
        if (add.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-add {privateKey} exited {add.ExitCode}: {await stderr}");
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}

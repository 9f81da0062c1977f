using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Remote;

/// <summary>
/// Runs commands on the remote host, always under POSIX <c>sh</c> whatever the login shell is.
/// Command lines are built by callers with <see cref="ShellQuote"/>; scripts travel on stdin so that
/// nothing in them (a token, for one) shows up in <c>ps</c> on the remote.
/// </summary>
public sealed partial class RemoteShell
{
    private readonly Func<SshClient> currentClient;
    private readonly ILogger logger;
    private readonly LoginEnvironmentCapture loginEnvironment;
    private int commandCount;

    /// <param name="currentClient">The connection's transport at the time of each command: a reconnect replaces it.</param>
    /// <param name="logger">Logs command lines (never scripts, never environment values).</param>
    internal RemoteShell(Func<SshClient> currentClient, ILogger logger)
    {
        this.currentClient = currentClient;
        this.logger = logger;
        loginEnvironment = new LoginEnvironmentCapture(
            (script, ct) => RunInShAsync("login-environment capture", script, prelude: "", outputLines: null, ct), logger);
    }

    /// <summary>How many exec channels this shell has opened; benchmarks and tests read it.</summary>
    public int CommandCount => Volatile.Read(ref commandCount);

    /// <summary>
    /// The login shell's environment that every command gets, captured by the first command of this shell
    /// (which outlives reconnects) and never again.
    /// </summary>
    public Task<LoginEnvironment> GetLoginEnvironmentAsync(CancellationToken cancellationToken) =>
        loginEnvironment.GetAsync(cancellationToken);

    /// <summary>Runs one command line (already quoted) under <c>sh</c>, with the login environment.</summary>
    public async Task<RemoteResult> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        LogCommand(logger, commandLine);
        var environment = await loginEnvironment.GetAsync(cancellationToken);

        // On stdin like scripts, so neither the command nor an environment value shows in ps.
        return await RunInShAsync(commandLine, commandLine, environment.ExportStatements, outputLines: null, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="script"/> to <c>sh -s</c> on stdin. The script is never logged (it may
    /// carry secrets); <paramref name="name"/> identifies it in logs and errors.
    /// </summary>
    public Task<RemoteResult> RunScriptAsync(string name, string script, CancellationToken cancellationToken) =>
        RunScriptAsync(name, script, outputLines: null, cancellationToken);

    /// <summary>
    /// Like <see cref="RunScriptAsync(string, string, CancellationToken)"/>, and also reports each line of
    /// stdout to <paramref name="outputLines"/> as it arrives (on a pool thread, without the newline, rc-file
    /// noise left out); the result still holds all of it.
    /// </summary>
    public async Task<RemoteResult> RunScriptAsync(string name, string script, IProgress<string>? outputLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        LogScript(logger, name);
        var environment = await loginEnvironment.GetAsync(cancellationToken);
        return await RunInShAsync(name, script, environment.ExportStatements, outputLines, cancellationToken);
    }

    /// <summary>
    /// Runs a script in the environment sshd gives any command, without the login shell's: for scripts that use
    /// only POSIX tools and absolute paths. They need not wait for the login-environment capture, which costs a
    /// login shell with all its rc files (0.1–0.5 s on many hosts).
    /// </summary>
    public Task<RemoteResult> RunScriptInSshdEnvironmentAsync(string name, string script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        LogScript(logger, name);
        return RunInShAsync(name, script, prelude: string.Empty, outputLines: null, cancellationToken);
    }

    /// <summary>Starts the login-environment capture now, so that the command that needs it finds it done or under way.</summary>
    public void PrefetchLoginEnvironment() => _ = loginEnvironment.GetAsync(CancellationToken.None);

    private Task<RemoteResult> RunInShAsync(
        string description, string script, string prelude, IProgress<string>? outputLines, CancellationToken cancellationToken)
    {
        var marker = OutputMarker.Create();

        // The parentheses make sh read the whole script before running any of it, and run it with stdin at
        // /dev/null so no child process can swallow the rest or hold the channel open. The outer sh then reads
        // on until our end-of-file: the host never closes the channel before we have sent EOF, which SSH.NET
        // would otherwise send after the close, and OpenSSH drops the whole connection for that ("eof packet
        // referred to nonexistent channel"). Found with a script that ends at once. The marker also rides in
        // argv ($1, unused) so a cancel can find this process.
        var body = marker.PrintStatements + "\n(\n" + prelude + script + "\n) </dev/null\n";
        return ExecuteAsync("exec sh -s " + marker.Text, body, marker, description, outputLines, cancellationToken);
    }

    private async Task<RemoteResult> ExecuteAsync(
        string execLine, string stdin, OutputMarker marker, string description, IProgress<string>? outputLines, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref commandCount);
        var client = currentClient();
        if (!client.IsConnected)
        {
            throw new RemoteJupyterException(
                ErrorCode.ConnectionLost, $"The SSH connection is down, so {description} did not run. Wait for it to reconnect and try again.");
        }

        using var command = client.CreateCommand(execLine);
        Task<string>? streamed = null;
        try
        {
            var running = command.ExecuteAsync(cancellationToken);
            if (outputLines is not null)
            {
                streamed = OutputLines.ReadAsync(command.OutputStream, marker, outputLines);
            }

            await using (var input = command.CreateInputStream())
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(stdin);
                await input.WriteAsync(bytes, cancellationToken);
            }

            await running;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested
            && ex is OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // SSH.NET only closes the channel; the remote processes would run on. Stop them. (A cancel
            // that lands between starting the command and opening its stdin surfaces as
            // InvalidOperationException: it is the same cancellation.)
            await KillAsync(client, marker, description);
            throw new OperationCanceledException($"Cancelled: {description}", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is SshConnectionException || (ex is ObjectDisposedException && !client.IsConnected))
        {
            // ObjectDisposedException: a reconnect closed this transport while the command ran.
            throw new RemoteJupyterException(
                ErrorCode.ConnectionLost,
                $"The SSH connection was lost while running {description}: {ex.Message}. Wait for it to reconnect and try again.",
                ex);
        }
        catch (SshException ex)
        {
            throw new RemoteJupyterException(
                ErrorCode.RemoteCommandFailed, $"The host refused to run {description}: {ex.Message}", ex);
        }

        var (noise, stdout, found) = marker.Split(streamed is null ? command.Result : await streamed);
        var (_, stderr, _) = marker.Split(command.Error);
        if (!found)
        {
            // sh itself never ran our first line: surface everything so the person sees why.
            stderr = command.Error;
        }

        var exitCode = command.ExitStatus ?? -1;
        LogFinished(logger, description, exitCode);
        return new RemoteResult(exitCode, stdout, stderr, noise);
    }

    private async Task KillAsync(SshClient client, OutputMarker marker, string description)
    {
        if (!client.IsConnected)
        {
            return;
        }

        LogKilling(logger, description);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var kill = client.CreateCommand("exec sh -c " + ShellQuote.Quote(marker.KillCommand));
            await kill.ExecuteAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is SshException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            LogKillFailed(logger, description, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Cancelled: stopping remote {Description}")]
    private static partial void LogKilling(ILogger logger, string description);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Could not stop remote {Description} after cancel: {Reason}")]
    private static partial void LogKillFailed(ILogger logger, string description, string reason);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "remote$ {CommandLine}")]
    private static partial void LogCommand(ILogger logger, string commandLine);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "remote$ sh -s < [script {Name}]")]
    private static partial void LogScript(ILogger logger, string name);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Trace, Message = "remote {Description} exited with {ExitCode}")]
    private static partial void LogFinished(ILogger logger, string description, int exitCode);
}

using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>Reads the end of a server's log (the log never holds the token: it is passed by environment).</summary>
public sealed class ServerLogReader
{
    /// <summary>The last <paramref name="lines"/> lines of server <paramref name="id"/>'s log.</summary>
    public async Task<(string Path, string Text)> TailAsync(RemoteShell shell, ServerLayout layout, string id, int lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = $"log={layout.QuotedServersDir}/{ShellQuote.Quote(id)}/server.log\n" +
            $"[ -f \"$log\" ] || {{ printf 'missing\\n'; exit 3; }}\nprintf '%s\\n' \"$log\"\ntail -n {Math.Clamp(lines, 1, 100_000)} \"$log\"";
        var result = await shell.RunScriptAsync("server-logs", script, cancellationToken);
        if (result.ExitCode == 3)
        {
            throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No server {id} on this host (looked in {layout.ServersDir}).");
        }

        var newline = result.Stdout.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (string.Empty, result.Stdout) : (result.Stdout[..newline], result.Stdout[(newline + 1)..]);
    }
}

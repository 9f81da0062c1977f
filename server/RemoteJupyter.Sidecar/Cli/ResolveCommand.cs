using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// Verb <c>resolve HOST [-F FILE]</c>: prints how ssh_config resolves HOST, as <c>key value</c> lines in
/// the form <c>ssh -G</c> uses, so the two can be compared line by line. Notes about options we resolve
/// but do not act on go to stderr.
/// </summary>
internal static class ResolveCommand
{
    public static async Task<int> RunAsync(string host, string? configFile, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var resolved = SshConfigFile.Resolve(SshTarget.Parse(host), configFile);
        foreach (var line in SshConfigDump.Lines(resolved))
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        foreach (var warning in resolved.Warnings)
        {
            await errors.WriteLineAsync($"remote-jupyter: note: {warning}".AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
        return CliErrors.Success;
    }
}

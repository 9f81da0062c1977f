using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Slurm;

/// <summary>Finds Slurm on a host and lists its partitions, in one remote command run in the login environment.</summary>
public sealed class SlurmDetector
{
    private const string PartitionsMarker = "--rj-partitions--";
    private const string ErrorMarker = "--rj-sinfo-failed--";

    /// <summary>The script: paths, SLURM_CONF and version as <c>key=value</c> lines, then sinfo's partition lines.</summary>
    public static string Script =>
        $$"""
        printf 'sinfo=%s\n' "$(command -v sinfo 2>/dev/null)"
        printf 'sbatch=%s\n' "$(command -v sbatch 2>/dev/null)"
        printf 'conf=%s\n' "${SLURM_CONF:-}"
        if command -v sinfo >/dev/null 2>&1; then
          printf 'version=%s\n' "$(sinfo --version 2>/dev/null)"
          if out=$(sinfo -h -o {{ShellQuote.Quote(SlurmPartitionParser.Format)}} 2>&1); then
            echo {{PartitionsMarker}}
            printf '%s\n' "$out"
          else
            echo {{ErrorMarker}}
            printf '%s\n' "$out"
          fi
        fi
        """;

    /// <summary>Runs <see cref="Script"/> on the host.</summary>
    public async Task<SlurmDetection> DetectAsync(RemoteShell shell, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var result = await shell.RunScriptAsync("detect-slurm", Script, cancellationToken);
        return Parse(result.Stdout);
    }

    /// <summary>Reads what <see cref="Script"/> printed.</summary>
    public static SlurmDetection Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n');
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        for (; index < lines.Length && lines[index].Trim() is not (PartitionsMarker or ErrorMarker); index++)
        {
            var equals = lines[index].IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[lines[index][..equals]] = lines[index][(equals + 1)..].Trim();
            }
        }

        var rest = index < lines.Length ? string.Join('\n', lines[(index + 1)..]).Trim() : string.Empty;
        var failed = index < lines.Length && lines[index].Trim() == ErrorMarker;
        return new SlurmDetection(
            Value(values, "sinfo"),
            Value(values, "sbatch"),
            Value(values, "conf"),
            Value(values, "version"),
            failed ? [] : SlurmPartitionParser.Parse(rest),
            failed ? (rest.Length > 0 ? rest : "sinfo failed") : null);
    }

    private static string? Value(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}

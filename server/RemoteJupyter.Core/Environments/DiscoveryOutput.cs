using System.Text.Json;
using System.Text.Json.Serialization;

namespace RemoteJupyter.Core.Environments;

/// <summary>
/// Reads the discovery script's stdout: one record a line, a tag, a tab, then JSON (<c>env</c>, <c>kernel</c>,
/// <c>warn</c>) or nothing (<c>timeout</c>, <c>done</c>). Lines that are none of these (an interpreter's own
/// chatter) are skipped; a cut-off last line is dropped.
/// </summary>
internal sealed partial class DiscoveryOutput
{

    public List<ProbeRecord> Probes { get; } = [];

    public List<KernelRecord> Kernels { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>The script said its time was up.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The script ran to its last line.</summary>
    public bool Finished { get; private set; }

    public static DiscoveryOutput Parse(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var output = new DiscoveryOutput();
        var lines = stdout.Split('\n');
        // Whatever follows the last newline was cut off mid-record.
        foreach (var line in lines.Take(lines.Length - 1))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var tag = tab < 0 ? line : line[..tab];
            var body = tab < 0 ? string.Empty : line[(tab + 1)..];
            try
            {
                output.Read(tag, body);
            }
            catch (JsonException ex)
            {
                output.Warnings.Add($"Skipped an unreadable {tag} record: {ex.Message}");
            }
        }

        return output;
    }

    private void Read(string tag, string body)
    {
        switch (tag)
        {
            case "env" when JsonSerializer.Deserialize(body, DiscoveryJsonContext.Default.ProbeRecord) is { Version: not null, Python: not null } probe:
                Probes.Add(probe);
                break;
            case "kernel" when JsonSerializer.Deserialize(body, DiscoveryJsonContext.Default.KernelRecord) is { Name: not null, Dir: not null } kernel:
                Kernels.Add(kernel);
                break;
            case "warn" when JsonSerializer.Deserialize(body, DiscoveryJsonContext.Default.WarningRecord) is { } warning:
                Warnings.Add(warning.Describe());
                break;
            case "timeout":
                TimedOut = true;
                break;
            case "done":
                Finished = true;
                break;
        }
    }

    private sealed record WarningRecord(string? Code, string? Path, string? Detail)
    {
        public string Describe() => Code switch
        {
            "conda-failed" => "conda env list --json failed or did not answer in time; only the usual conda folders were searched.",
            "conda-no-python" => "conda is installed but no Python answered to read its env list; only the usual conda folders were searched.",
            "bad-kernelspec" => $"Skipped the kernelspec {Path}: its kernel.json cannot be read ({Detail}).",
            _ => $"Discovery: {Code} {Path} {Detail}".TrimEnd(),
        };
    }

    /// <summary>The discovery script's records are snake_case; their metadata is generated at compile time.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(ProbeRecord))]
    [JsonSerializable(typeof(KernelRecord))]
    [JsonSerializable(typeof(WarningRecord))]
    private sealed partial class DiscoveryJsonContext : JsonSerializerContext
    {
    }
}

using System.Text.Json;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// Reads what <see cref="ContainerEngineScript"/> printed: <c>podman info</c> JSON (<c>host.security.rootless</c>,
/// <c>version.Version</c>) and <c>docker info</c> JSON (<c>ServerVersion</c>, <c>SecurityOptions</c>, <c>ServerErrors</c>),
/// and turns a failure into a sentence a person can act on.
/// </summary>
internal static class ContainerEngineParser
{
    /// <summary>One engine from its <c>engine</c>, <c>info</c> and <c>err</c> lines.</summary>
    public static ContainerEngine Parse(string command, string path, int exitCode, string versionLine, string infoJson, string stderr)
    {
        var shim = command == "docker" && versionLine.StartsWith("podman", StringComparison.OrdinalIgnoreCase);
        var kind = command == "podman" || shim ? ContainerEngineKind.Podman : ContainerEngineKind.Docker;
        string version = VersionFrom(versionLine);
        var rootless = false;
        string? serverError = null;
        if (TryParse(infoJson) is { } info)
        {
            using (info)
            {
                var root = info.RootElement;
                if (kind == ContainerEngineKind.Podman)
                {
                    rootless = Path(root, "host", "security", "rootless") is { ValueKind: JsonValueKind.True };
                    version = Path(root, "version", "Version")?.GetString() ?? version;
                }
                else
                {
                    version = Path(root, "ServerVersion")?.GetString() is { Length: > 0 } server ? server : version;
                    rootless = Path(root, "SecurityOptions") is { ValueKind: JsonValueKind.Array } options
                        && options.EnumerateArray().Any(o => o.GetString()?.Contains("name=rootless", StringComparison.Ordinal) == true);
                    serverError = Path(root, "ServerErrors") is { ValueKind: JsonValueKind.Array } errors
                        ? errors.EnumerateArray().Select(e => e.GetString()).FirstOrDefault(e => !string.IsNullOrEmpty(e))
                        : null;
                }
            }
        }

        var problem = exitCode == 0 && serverError is null ? null : Problem(command, kind, serverError ?? stderr);
        return new ContainerEngine(command, kind, path, version, rootless, problem is null, problem);
    }

    /// <summary>The images an engine listed: podman's JSON array or docker's JSON object per line; dangling images left out.</summary>
    public static IReadOnlyList<ContainerImage> ParseImages(string command, string json)
    {
        var images = new List<ContainerImage>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
                images.AddRange(items.Select(item => Image(command, item)).OfType<ContainerImage>());
            }
        }
        catch (JsonException)
        {
            // Output cut short (or an engine's warning on stdout): the images read so far are what there is.
        }

        return images;
    }

    private static ContainerImage? Image(string command, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = (Str(item, "Id") ?? Str(item, "ID") ?? string.Empty).Replace("sha256:", string.Empty, StringComparison.Ordinal);
        id = id.Length > 12 ? id[..12] : id;
        string? name = null;
        if (item.TryGetProperty("Names", out var names) && names.ValueKind == JsonValueKind.Array)
        {
            name = names.EnumerateArray().Select(n => n.GetString()).FirstOrDefault(n => !string.IsNullOrEmpty(n));
        }
        else if (Str(item, "Repository") is { } repository && repository != "<none>")
        {
            var tag = Str(item, "Tag");
            name = tag is null or "<none>" ? repository : repository + ":" + tag;
        }

        if (name is null)
        {
            return null;
        }

        long? bytes = item.TryGetProperty("Size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null;
        var sizeText = bytes is { } b ? FormatSize(b) : Str(item, "Size") ?? string.Empty;
        DateTimeOffset? created = item.TryGetProperty("Created", out var c) && c.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeSeconds(c.GetInt64())
            : Str(item, "CreatedAt") is { } at && DateTimeOffset.TryParse(at.Replace(" UTC", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;
        return new ContainerImage(command, name, id, bytes, sizeText, created);
    }

    /// <summary>Bytes the way engines print sizes: decimal units, three significant digits.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1_000_000_000 => $"{bytes / 1e9:0.##} GB",
        >= 1_000_000 => $"{bytes / 1e6:0.#} MB",
        >= 1_000 => $"{bytes / 1e3:0} kB",
        _ => $"{bytes} B",
    };

    private static string? Problem(string command, ContainerEngineKind kind, string stderr)
    {
        var said = stderr.Trim();
        if (kind == ContainerEngineKind.Docker && said.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return "You are not in the docker group on this host, so Docker cannot be used: ask your admin to add you, or use podman.";
        }

        if (kind == ContainerEngineKind.Docker && said.Contains("Cannot connect to the Docker daemon", StringComparison.Ordinal))
        {
            return "Docker is installed but its daemon is not running on this host: ask your admin to start it, or use podman.";
        }

        if (kind == ContainerEngineKind.Podman && said.Contains("UID/GID", StringComparison.Ordinal))
        {
            return $"{command} cannot run containers for you here: your user has no subordinate UID/GID ranges. Ask your admin to add you to /etc/subuid and /etc/subgid. ({FirstLine(said)})";
        }

        return $"{command} cannot run containers for you here: {(said.Length > 0 ? FirstLine(said) : "its info command failed")}";
    }

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.Contains("level=warning", StringComparison.Ordinal)) ?? text.Trim();

    private static string VersionFrom(string line)
    {
        // "podman version 4.3.1", "Docker version 28.2.2, build e6534b4"
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.FindIndex(words, w => w.Equals("version", StringComparison.OrdinalIgnoreCase));
        return index >= 0 && index + 1 < words.Length ? words[index + 1].TrimEnd(',') : string.Empty;
    }

    private static JsonDocument? TryParse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Path(JsonElement root, params string[] names)
    {
        var current = root;
        foreach (var name in names)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

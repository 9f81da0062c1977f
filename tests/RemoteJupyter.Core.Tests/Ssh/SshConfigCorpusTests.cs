using System.Diagnostics;
using System.Globalization;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>
/// Resolves every config of <see cref="SshConfigCorpus"/> with us and with the real <c>ssh -G</c>, and
/// compares the options we resolve. ssh takes <c>~</c> from the password database, not <c>$HOME</c>, so
/// relative <c>Include</c>s use a throwaway folder under the real <c>~/.ssh</c> (created and removed here).
/// </summary>
public sealed class SshConfigCorpusTests : IDisposable
{
    /// <summary>The keys compared; <c>ssh -G</c> prints identityagent, proxyjump and proxycommand only when set.</summary>
    private static readonly string[] Keys =
    [
        "hostname", "port", "user", "identityfile", "identitiesonly", "identityagent", "userknownhostsfile",
        "stricthostkeychecking", "serveraliveinterval", "serveralivecountmax", "connecttimeout", "proxyjump",
        "proxycommand", "forwardagent",
    ];

    private static readonly Lazy<(string Home, string User)> Identity = new(ProbeIdentity);

    private readonly string directory = Directory.CreateTempSubdirectory("rj-corpus-").FullName;
    private readonly string relative = "rj-corpus-" + Guid.NewGuid().ToString("N")[..12];
    private bool createdDotSsh;

    public static TheoryData<string> Names => SshConfigCorpus.Names;

    private static string DotSsh => Path.Join(Identity.Value.Home, ".ssh");

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
        var ours = Path.Join(DotSsh, relative);
        if (Directory.Exists(ours))
        {
            Directory.Delete(ours, recursive: true);
        }

        if (createdDotSsh && !Directory.EnumerateFileSystemEntries(DotSsh).Any())
        {
            Directory.Delete(DotSsh);
        }
    }

    [Fact]
    public void The_corpus_has_at_least_forty_configs() => Assert.True(SshConfigCorpus.Cases.Count >= 40, $"{SshConfigCorpus.Cases.Count} configs");

    [Theory]
    [MemberData(nameof(Names))]
    public void Resolution_agrees_with_ssh_G(string name)
    {
        var corpusCase = SshConfigCorpus.Cases[name];
        var config = Write(corpusCase);
        var (home, user) = Identity.Value;
        foreach (var target in corpusCase.Targets)
        {
            var parsed = SshTarget.Parse(target);
            var ours = Parse(SshConfigDump.Lines(SshConfigFile.Resolve(parsed, config, home, user, systemConfigFile: null)));
            AssertAgree(SshG(parsed, "-F", config), ours, $"{name}, target {target}");
        }
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("alice@example.org:2200")]
    public void The_system_config_agrees_with_ssh_G_without_F(string target)
    {
        // Without -F both read ~/.ssh/config (if any) and then /etc/ssh/ssh_config with what it includes.
        var (home, user) = Identity.Value;
        var parsed = SshTarget.Parse(target);
        var ours = Parse(SshConfigDump.Lines(SshConfigFile.Resolve(parsed, null, home, user, "/etc/ssh/ssh_config")));
        AssertAgree(SshG(parsed), ours, target);
    }

    [Fact]
    public async Task The_resolve_verb_prints_what_ssh_G_prints()
    {
        var config = Write(SshConfigCorpus.Cases["everything-in-star"]);
        var (output, errors, exitCode) = await RunSidecarAsync("resolve", "alice@gpu:2200", "-F", config);

        Assert.True(exitCode == 0, errors);
        AssertAgree(SshG(SshTarget.Parse("alice@gpu:2200"), "-F", config), Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), "resolve verb");
        Assert.Contains("ForwardAgent", errors, StringComparison.Ordinal);
    }

    private static void AssertAgree(Dictionary<string, List<string>> theirs, Dictionary<string, List<string>> ours, string what)
    {
        // OpenSSH 9.2 still lists id_xmss and id_dsa among the default keys; newer releases dropped DSA and we follow them.
        if (theirs.TryGetValue("identityfile", out var files))
        {
            files.RemoveAll(path => path is "~/.ssh/id_xmss" or "~/.ssh/id_dsa");
        }

        foreach (var key in Keys)
        {
            Assert.True(
                theirs.GetValueOrDefault(key, []).SequenceEqual(ours.GetValueOrDefault(key, [])),
                $"{what}: {key}: ssh -G says [{string.Join(" | ", theirs.GetValueOrDefault(key, []))}], we say [{string.Join(" | ", ours.GetValueOrDefault(key, []))}]");
        }
    }

    private static Dictionary<string, List<string>> Parse(IEnumerable<string> lines)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var key = line[..space];
            if (!options.TryGetValue(key, out var values))
            {
                options[key] = values = [];
            }

            values.Add(line[(space + 1)..]);
        }

        return options;
    }

    private static Dictionary<string, List<string>> SshG(SshTarget target, params string[] extra)
    {
        List<string> arguments = ["-G", .. extra];
        if (target.User is { } user)
        {
            arguments.AddRange(["-l", user]);
        }

        if (target.Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add(target.Host);
        return Parse(OpenSsh.Run("ssh", [.. arguments]).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // ssh takes the home directory and user name from the password database, not from $HOME, so ask it.
    private static (string Home, string User) ProbeIdentity()
    {
        var options = SshG(new SshTarget("probe", null, null), "-F", "none");
        var knownHosts = options["userknownhostsfile"].Single().Split(' ')[0];
        return (knownHosts[..^"/.ssh/known_hosts".Length], options["user"].Single());
    }

    private static async Task<(string Output, string Errors, int ExitCode)> RunSidecarAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "remote-jupyter.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (output, await errors, process.ExitCode);
    }

    private string Write(SshConfigCorpusCase corpusCase)
    {
        string? first = null;
        foreach (var (path, text) in corpusCase.Files)
        {
            var full = path.StartsWith('~') ? Path.Join(DotSsh, Fill(path[1..])) : Path.Join(directory, Fill(path));
            if (path.StartsWith('~') && !Directory.Exists(DotSsh))
            {
                Directory.CreateDirectory(DotSsh);
                createdDotSsh = true;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, Fill(text));
            first ??= full;
        }

        return first!;
    }

    private string Fill(string text) => text.Replace("{D}", directory, StringComparison.Ordinal).Replace("{R}", relative, StringComparison.Ordinal);
}

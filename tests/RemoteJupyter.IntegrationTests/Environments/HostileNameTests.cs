using System.Text;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Environments;

/// <summary>
/// 1000 generated environment names and paths full of shell syntax (quotes, <c>$()</c>, backticks, <c>;</c>,
/// newlines, unicode) must never run anything: each either gets a clear validation error or travels as one exact
/// word to the host. Every payload would create a canary file if it ran.
/// </summary>
[Collection("sshd")]
public sealed class HostileNameTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private const int Count = 1000;

    private static readonly string[] Fragments =
    [
        "'", "\"", "`", "$", "$(", ")", "${", "}", ";", "&", "|", "&&", "||", "\n", "\t", "\r", " ", "\\", "*", "?", "[", "]",
        "~", "#", "!", "<", ">", ">>", "-", "--", "..", "/", "=", "%", "^", "é", "名前", "🐍", "\u202e", "\u00a0", "$HOME", "$0",
        "-rf", "--index-url=http://127.0.0.1:9/", "a", "env", "torch", "1.0",
    ];

    [Fact]
    public async Task Hostile_names_and_paths_never_execute_and_are_either_refused_or_quoted_exactly()
    {
        var canary = Path.Combine(sshd.Host.TempDir, $"canary-{Guid.NewGuid():N}");
        var payloads = new[]
        {
            $"$(touch {canary})", $"`touch {canary}`", $";touch {canary};", $"' ; touch {canary} ; '", $"\" ; touch {canary} ; \"",
            $"\ntouch {canary}\n", $"&& touch {canary}", $"| touch {canary}", $"${{IFS}}touch${{IFS}}{canary}", $"$(touch${{IFS}}{canary})",
        };
        var random = new Random(20261123);
        var names = Enumerable.Range(0, Count).Select(i => Generate(random, payloads[i % payloads.Length], i)).ToList();
        Assert.Equal(Count, names.Distinct(StringComparer.Ordinal).Count());

        var accepted = new List<string>();
        var (kernelOk, kernelRefused, pathRefused, condaRefused, packageRefused) = (0, 0, 0, 0, 0);
        foreach (var name in names)
        {
            (kernelOk, kernelRefused) = Tally(() => EnvironmentNames.ValidateKernelName(name), kernelOk, kernelRefused);
            (_, condaRefused) = Tally(() => EnvironmentNames.ValidateCondaName(name), 0, condaRefused);
            (_, packageRefused) = Tally(() => EnvironmentNames.ValidatePackage(name), 0, packageRefused);
            try
            {
                accepted.Add(EnvironmentNames.ValidatePath("~/rj-hostile/" + name));
            }
            catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.InvalidEnvironmentName)
            {
                Assert.DoesNotContain('\n', ex.Message);
                pathRefused++;
            }
        }

        Output.WriteLine($"kernel names: {kernelOk} valid, {kernelRefused} refused; paths: {accepted.Count} accepted, {pathRefused} refused; conda names refused: {condaRefused}; packages refused: {packageRefused}");
        Assert.True(accepted.Count > 100, "too few paths got through validation to test quoting");
        Assert.True(pathRefused > 100, "too few paths were refused to test validation");

        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var home = (await connection.Shell.RunAsync("printf '%s' \"$HOME\"", TimeoutToken)).Stdout;

        // One round trip: every accepted path, quoted, comes back from the host byte for byte (NUL-separated).
        var script = new StringBuilder();
        foreach (var path in accepted)
        {
            script.Append("printf '%s\\0' ").AppendLine(ShellQuote.QuotePath(path));
        }

        var echoed = (await connection.Shell.RunScriptAsync("echo-hostile-paths", script.ToString(), TimeoutToken)).Stdout.Split('\0');
        Assert.Equal(accepted.Select(p => home + p[1..]), echoed.Take(accepted.Count));

        // Through the real operations: refused early, or treated as a path that holds no environment.
        var deleter = new EnvironmentDeleter(LoggerFactory.CreateLogger<EnvironmentDeleter>());
        var kernels = new KernelRegistrar(LoggerFactory.CreateLogger<KernelRegistrar>());
        foreach (var name in names.Take(40))
        {
            var deleted = await Assert.ThrowsAsync<RemoteJupyterException>(() => deleter.DeleteAsync(connection.Shell, "~/rj-hostile/" + name, TimeoutToken));
            Assert.Contains(deleted.Code, new[] { ErrorCode.InvalidEnvironmentName, ErrorCode.EnvironmentNotFound });
            var unregistered = await Assert.ThrowsAsync<RemoteJupyterException>(() => kernels.UnregisterAsync(connection.Shell, name, TimeoutToken));
            Assert.Contains(unregistered.Code, new[] { ErrorCode.InvalidEnvironmentName, ErrorCode.KernelRegistrationFailed });
        }

        // A hostile display name is data: it lands in kernel.json exactly.
        var kernelName = $"rj-hostile-{Guid.NewGuid():N}"[..20];
        var display = "Py 'x' \"y\" $(touch " + canary + ") `touch " + canary + "` ; é 🐍";
        try
        {
            var registered = await kernels.RegisterAsync(connection.Shell, "/usr/bin/python3", kernelName, display, TimeoutToken);
            Assert.Equal(display, registered.DisplayName);
        }
        finally
        {
            await kernels.UnregisterAsync(connection.Shell, kernelName, CancellationToken.None);
        }

        Assert.False(File.Exists(canary), "a hostile name was executed on the host");
        Assert.Equal("absent\n", (await connection.Shell.RunAsync($"[ -e {ShellQuote.Quote(canary)} ] && echo present || echo absent", TimeoutToken)).Stdout);
    }

    private static string Generate(Random random, string payload, int index)
    {
        var text = new StringBuilder();
        var parts = random.Next(1, 5);
        for (var i = 0; i < parts; i++)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        text.Insert(random.Next(text.Length + 1), payload);
        return text.Append('-').Append(index).ToString();
    }

    private static (int Ok, int Refused) Tally(Action validate, int ok, int refused)
    {
        try
        {
            validate();
            return (ok + 1, refused);
        }
        catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.InvalidEnvironmentName && !ex.Message.Contains('\n', StringComparison.Ordinal))
        {
            return (ok, refused + 1);
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// Rootless Podman for the SSH test user with the test images in that user's store, made by
/// <c>tests/containers/setup-podman-user.sh</c> (which builds the image with <c>build-base-image.sh</c> when the
/// cache lacks it: ~70–90 s once, then cached). Use as a class fixture of a class in the "sshd" collection; the
/// scripts run once per test run whatever the number of classes. A machine that cannot run Podman makes every
/// test of the class fail with the script's reason: nothing is skipped.
/// </summary>
public sealed class PodmanFixture(SshdFixture sshd, IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The label whose value is the product's id for a container it started.</summary>
    public const string ContainerLabel = "remote-jupyter.id";

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(15);
    private static readonly Lock SetupsLock = new();
    private static readonly Dictionary<string, Task<PodmanImages>> Setups = [];

    private PodmanImages? images;

    /// <summary>The folder of the scripts and Dockerfiles, copied next to the test assembly.</summary>
    public static string ScriptsDir => Path.Combine(AppContext.BaseDirectory, "containers");

    /// <summary>A project folder whose Dockerfile adds one layer (FROM <see cref="Image"/>): /etc/rj-test-layer, RJ_TEST_LAYER=1.</summary>
    public static string LayerContextDir => Path.Combine(ScriptsDir, "layer");

    public ThrowawaySshHost Host => sshd.Host;

    /// <summary>Debian 12 with python3, jupyter_server and ipykernel; no <c>jupyter</c> launcher (use <c>python3 -m jupyter_server</c>).</summary>
    public string Image => Images.Image;

    /// <summary><see cref="Image"/> without the jupyter_server package (python3 and ipykernel stay).</summary>
    public string NoJupyterImage => Images.NoJupyterImage;

    /// <summary>How long the setup script took in this run (~1 s when everything was in place).</summary>
    public TimeSpan SetupDuration => Images.Duration;

    private PodmanImages Images => images ?? throw new InvalidOperationException("The Podman fixture has not been set up.");

    public async Task InitializeAsync()
    {
        var user = sshd.Host.UserName;
        Task<PodmanImages>? setup;
        lock (SetupsLock)
        {
            if (!Setups.TryGetValue(user, out setup))
            {
                setup = SetUpAsync(user, diagnostics);
                Setups[user] = setup;
            }
        }

        images = await setup;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs <c>podman ARGS</c> as the test user through OpenSSH and the test sshd: a plain, non-login exec channel.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> PodmanAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        await SshAsync(ShellQuote.Join(["podman", .. arguments]), cancellationToken);

    /// <summary>Runs one command line (already quoted) as the test user through OpenSSH and the test sshd.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> SshAsync(string commandLine, CancellationToken cancellationToken) =>
        await ProcessRunner.RunAsync(
            "/usr/bin/ssh",
            ["-F", Host.SshConfigPath, "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", Host.Alias, "--", commandLine],
            cancellationToken);

    /// <summary>
    /// The ids of the test user's containers, running or not, that carry <see cref="ContainerLabel"/>: with any value
    /// when <paramref name="id"/> is null, else with that value.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListContainersAsync(string? id, CancellationToken cancellationToken)
    {
        var filter = "label=" + ContainerLabel + (id is null ? "" : "=" + id);
        var result = await PodmanAsync(["ps", "--all", "--no-trunc", "--filter", filter, "--format", "{{.ID}}"], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman ps failed ({result.ExitCode}): {result.Stderr.Trim()}");
        }

        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Removes (killing first) the containers <see cref="ListContainersAsync"/> lists; returns how many.</summary>
    public async Task<int> RemoveContainersAsync(string? id, CancellationToken cancellationToken)
    {
        var containers = await ListContainersAsync(id, cancellationToken);
        if (containers.Count == 0)
        {
            return 0;
        }

        var result = await PodmanAsync(["rm", "--force", "--time", "0", .. containers], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman rm failed ({result.ExitCode}): {result.Stderr.Trim()}");
        }

        return containers.Count;
    }

    private static async Task<PodmanImages> SetUpAsync(string user, IMessageSink diagnostics)
    {
        var script = Path.Combine(ScriptsDir, "setup-podman-user.sh");
        using var timeout = new CancellationTokenSource(SetupTimeout);
        var started = Stopwatch.GetTimestamp();
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("/bin/bash", [script, user], timeout.Token);
        var elapsed = Stopwatch.GetElapsedTime(started);
        diagnostics.OnMessage(new DiagnosticMessage($"{nameof(PodmanFixture)}: {script} {user} exited {exitCode} after {elapsed.TotalSeconds:F1} s\n{stderr.Trim()}"));
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"This machine cannot run the container tests: {script} {user} exited {exitCode}.\n{stderr.Trim()}");
        }

        using var json = JsonDocument.Parse(stdout);
        return new PodmanImages(
            json.RootElement.GetProperty("image").GetString()!,
            json.RootElement.GetProperty("noJupyterImage").GetString()!,
            elapsed);
    }

    private sealed record PodmanImages(string Image, string NoJupyterImage, TimeSpan Duration);
}

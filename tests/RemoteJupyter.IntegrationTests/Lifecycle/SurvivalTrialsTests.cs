using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Lifecycle;

/// <summary>
/// "We never lose their running kernels": the real CLI is SIGKILLed twenty times under a live kernel, and each new
/// one reattaches to the same server and kernel, where the variable is still there.
/// </summary>
[Collection("sshd")]
public sealed class SurvivalTrialsTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output), IAsyncLifetime
{
    private const int Trials = 20;

    private readonly ServerLayout layout = new("~/.rj-trials-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestHosts.CleanUpAsync(sshd.Host, layout.Root);

    [Fact]
    public async Task Twenty_sidecars_killed_with_SIGKILL_each_reattach_to_the_same_kernel_with_x_intact()
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var x = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        string? serverId = null;
        string? kernel = null;
        var intact = 0;
        var times = new List<double>();
        for (var trial = 1; trial <= Trials; trial++)
        {
            var clock = Stopwatch.StartNew();
            using var cli = SidecarProcess.Start(
                "connect", sshd.Host.Alias, "-F", sshd.Host.SshConfigPath, "--python", "/usr/bin/python3", "--state-dir", layout.Root, "--show-token", "-q");
            var line = await cli.Process.StandardOutput.ReadLineAsync(budget.Token)
                ?? throw new InvalidOperationException($"Trial {trial}: connect printed no URL. {cli.Stderr}");
            times.Add(clock.Elapsed.TotalMilliseconds);
            var url = new Uri(line);
            var token = url.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("token=", StringComparison.Ordinal))["token=".Length..];
            using (var client = new JupyterApiClient(new Uri(url.GetLeftPart(UriPartial.Path)), token))
            {
                if (kernel is null)
                {
                    kernel = await client.StartKernelAsync(null, budget.Token);
                    Assert.Equal("ok", (await client.ExecuteAsync(kernel, "x = " + x, budget.Token)).Status);
                }

                var read = await client.ExecuteAsync(kernel, "print(x)", budget.Token);
                if (read.Stdout == x + "\n")
                {
                    intact++;
                }
            }

            var servers = Directory.GetDirectories(Path.Combine(RemoteProcesses.Root(layout, sshd.Host.UserHome), "servers"));
            var id = Path.GetFileName(Assert.Single(servers));
            serverId ??= id;
            Assert.Equal(serverId, id);

            // No goodbye: the sidecar dies the hardest way, mid-connection.
            PosixProcess.Signal(cli.Process.Id, PosixProcess.SigKill);
            await cli.Process.WaitForExitAsync(budget.Token);
        }

        times.Sort();
        Output.WriteLine($"{intact}/{Trials} trials read x back; CLI start to URL: median {times[Trials / 2]:0} ms, max {times[^1]:0} ms");
        Assert.Equal(Trials, intact);
        Assert.Single(RemoteProcesses.Servers(RemoteProcesses.Root(layout, sshd.Host.UserHome)));
    }
}

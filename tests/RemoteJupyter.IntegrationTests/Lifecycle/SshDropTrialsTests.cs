using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Faults;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Lifecycle;

/// <summary>
/// The SSH connection is killed twenty times under an open kernel websocket. The server and kernel keep running on
/// the host; after each reconnect a channel reopened as the same Jupyter session finds the same kernel and
/// <c>x</c> unchanged, and output the kernel produced while the connection was down is replayed to it.
/// </summary>
[Collection("sshd")]
public sealed class SshDropTrialsTests(FaultHostFixture fixture, ITestOutputHelper output) : TestBase(output), IClassFixture<FaultHostFixture>, IAsyncLifetime
{
    private const int Trials = 20;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    private readonly ServerLayout layout = new("~/.rj-drops-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestHosts.CleanUpAsync(fixture.Host, layout.Root);

    [Fact]
    public async Task Twenty_dropped_connections_under_an_open_kernel_websocket_keep_the_kernel_and_x()
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var host = TestHosts.Resolve(fixture.Host) with { ServerAliveInterval = 1, ServerAliveCountMax = 3 };
        using var connection = await SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, budget.Token);
        var states = new ConnectionStates(connection);
        using var started = await Starter().StartAsync(connection, new ServerStartOptions(new EnvironmentRequest(PythonPath: "/usr/bin/python3"), layout), null, budget.Token);
        using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
        var kernel = await client.StartKernelAsync(null, budget.Token);
        var x = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var channel = await client.OpenChannelAsync(kernel, budget.Token);
        var session = channel.SessionId;
        Assert.Equal("ok", (await channel.ExecuteAsync("x = " + x, budget.Token)).Status);

        var intact = 0;
        var downtimes = new List<double>();
        try
        {
            for (var trial = 1; trial <= Trials; trial++)
            {
                var clock = Stopwatch.StartNew();
                var seen = states.All.Count;
                (await SshdSession.OfAsync(connection, budget.Token)).End();
                await states.WaitForAsync(c => c.State == ConnectionState.Connected && states.All.Count > seen, Bound, budget.Token);
                await channel.DisposeAsync();
                channel = await client.OpenChannelAsync(kernel, session, budget.Token);
                var read = await channel.ExecuteAsync("print(x)", budget.Token);
                downtimes.Add(clock.Elapsed.TotalMilliseconds);
                if (read.Stdout == x + "\n")
                {
                    intact++;
                }
            }

            // A cell that prints while the connection is down: its output waits for the same session.
            var running = channel.ExecuteAsync("import time; time.sleep(1.5); print('late', x)", budget.Token);
            await Task.Delay(300, budget.Token);
            var requestId = channel.LastRequestId!;
            var before = states.All.Count;
            (await SshdSession.OfAsync(connection, budget.Token)).End();
            await Assert.ThrowsAnyAsync<Exception>(() => running);
            await states.WaitForAsync(c => c.State == ConnectionState.Connected && states.All.Count > before, Bound, budget.Token);
            await channel.DisposeAsync();
            channel = await client.OpenChannelAsync(kernel, session, budget.Token);
            var replayed = await channel.AwaitExecutionAsync(requestId, budget.Token);
            Assert.Equal($"late {x}\n", replayed.Stdout);
        }
        finally
        {
            await channel.DisposeAsync();
        }

        downtimes.Sort();
        Output.WriteLine($"{intact}/{Trials} trials read x back; kill to x read: median {downtimes[Trials / 2]:0} ms, max {downtimes[^1]:0} ms");
        Assert.Equal(Trials, intact);
        Assert.Equal([kernel], await client.ListKernelIdsAsync(budget.Token));
        Assert.Single(RemoteProcesses.Servers(RemoteProcesses.Root(layout, fixture.Host.UserHome)));
    }

    private ServerStarter Starter() => TestStarters.Starter(LoggerFactory);
}

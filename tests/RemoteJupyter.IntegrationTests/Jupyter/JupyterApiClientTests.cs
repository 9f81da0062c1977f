using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Jupyter;

public sealed class JupyterApiClientTests(LocalJupyterFixture server) : IClassFixture<LocalJupyterFixture>, IDisposable
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => timeout.Token;

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task GetStatus_AnswersWithPlausibleTimes()
    {
        using var client = server.CreateClient();

        var status = await client.GetStatusAsync(Ct);

        Assert.True(status.Started <= DateTimeOffset.UtcNow.AddMinutes(1), server.Log);
        Assert.True(status.LastActivity >= status.Started);
        Assert.True(status.Kernels >= 0);
        Assert.True(status.Connections >= 0);
    }

    [Fact]
    public async Task GetVersion_ReturnsDottedVersion()
    {
        using var client = server.CreateClient();

        var version = await client.GetVersionAsync(Ct);

        Assert.Matches(@"^\d+\.\d+", version);
    }

    [Fact]
    public async Task ListKernelSpecs_ContainsPython3()
    {
        using var client = server.CreateClient();

        var specs = await client.ListKernelSpecsAsync(Ct);

        Assert.Contains("python3", specs.Names);
        Assert.Contains(specs.Default, specs.Names);
    }

    [Fact]
    public async Task Execute_Print_CollectsStdout()
    {
        await WithKernelAsync(async (client, kernelId) =>
        {
            var result = await client.ExecuteAsync(kernelId, "print(6*7)", Ct);

            Assert.Equal(new KernelExecution("ok", "42\n", "", null, null), result);
        });
    }

    [Fact]
    public async Task Execute_ErrorsStderrAndResults_AreSeparated()
    {
        await WithKernelAsync(async (client, kernelId) =>
        {
            await using var channel = await client.OpenChannelAsync(kernelId, Ct);

            var error = await channel.ExecuteAsync("1/0", Ct);
            var result = await channel.ExecuteAsync("1+1", Ct);
            var stderr = await channel.ExecuteAsync("import sys; print('oops', file=sys.stderr)", Ct);

            Assert.Equal("error", error.Status);
            Assert.Equal("ZeroDivisionError", error.ErrorName);
            Assert.Equal("division by zero", error.ErrorValue);
            Assert.Equal(new KernelExecution("ok", "2", "", null, null), result);
            Assert.Equal(new KernelExecution("ok", "", "oops\n", null, null), stderr);
        });
    }

    [Fact]
    public async Task Channel_CanBeReusedForManyExecutions()
    {
        await WithKernelAsync(async (client, kernelId) =>
        {
            await using var channel = await client.OpenChannelAsync(kernelId, Ct);

            for (var i = 0; i < 20; i++)
            {
                var result = await channel.ExecuteAsync($"print({i} * 2)", Ct);
                Assert.Equal($"{i * 2}\n", result.Stdout);
            }

            // Far above a websocket frame, so the reader has to stitch frames together.
            var big = await channel.ExecuteAsync("print('x' * 300000)", Ct);
            Assert.Equal(300001, big.Stdout.Length);

            await channel.CloseAsync(Ct);
        });
    }

    [Fact]
    public async Task Execute_IsBoundedByTheCancellationToken()
    {
        await WithKernelAsync(async (client, kernelId) =>
        {
            // Connected first, so the cancellation lands while waiting for the kernel, not the handshake.
            await using var channel = await client.OpenChannelAsync(kernelId, Ct);
            using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => channel.ExecuteAsync("import time; time.sleep(1)", soon.Token));
        });
    }

    [Fact]
    public async Task WrongToken_IsRefused_WithoutLeakingAnyToken()
    {
        var wrongToken = "wrong-" + Guid.NewGuid().ToString("N");
        using var client = new JupyterApiClient(server.BaseUrl, wrongToken);

        var rest = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetStatusAsync(Ct));
        var socket = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => client.OpenChannelAsync(Guid.NewGuid().ToString(), Ct));

        foreach (var ex in new[] { rest, socket })
        {
            Assert.Contains("refused the token", ex.Message);
            Assert.Contains("403", ex.Message);
            Assert.DoesNotContain(wrongToken, ex.ToString());
            Assert.DoesNotContain(server.Token, ex.ToString());
        }
    }

    [Fact]
    public async Task ShutDownKernel_IsGone()
    {
        using var client = server.CreateClient();
        var kernelId = await client.StartKernelAsync(null, Ct);

        await client.ShutdownKernelAsync(kernelId, Ct);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.OpenChannelAsync(kernelId, Ct));
        Assert.Contains("no such kernel", ex.Message);
        Assert.Contains("404", ex.Message);
    }

    [Fact]
    public async Task StartKernel_UnknownSpec_ExplainsWhy()
    {
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.StartKernelAsync("no-such-spec", Ct));

        Assert.Contains("No such kernel named no-such-spec", ex.Message);
        Assert.DoesNotContain("Traceback", ex.Message);
    }

    private async Task WithKernelAsync(Func<JupyterApiClient, string, Task> test)
    {
        using var client = server.CreateClient();
        var kernelId = await client.StartKernelAsync("python3", Ct);
        try
        {
            await test(client, kernelId);
        }
        finally
        {
            // Its own budget, so a test that used up the shared timeout still cleans up.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ShutdownKernelAsync(kernelId, cleanup.Token);
        }
    }
}

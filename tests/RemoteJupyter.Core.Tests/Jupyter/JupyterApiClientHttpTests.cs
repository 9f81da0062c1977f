using System.Net;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Tests.Jupyter;

public sealed class JupyterApiClientHttpTests
{
    private const string Token = "tok-5ecret";
    private static readonly Uri Base = new("http://127.0.0.1:1234/some/base");

    [Fact]
    public async Task GetStatus_SendsTokenOnlyInHeader_AndKeepsBasePath()
    {
        using var stub = new StubHttpHandler(HttpStatusCode.OK,
            """{"connections": 2, "kernels": 1, "last_activity": "2026-01-02T03:04:06.123456Z", "started": "2026-01-02T03:04:05.174150Z"}""");
        using var client = new JupyterApiClient(Base, Token, stub);

        var status = await client.GetStatusAsync(CancellationToken.None);

        Assert.Equal(new JupyterStatus(
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1741500),
            new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero).AddTicks(1234560),
            2,
            1), status);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("http://127.0.0.1:1234/some/base/api/status", request.Uri.AbsoluteUri);
        Assert.Equal("token " + Token, request.Authorization);
        Assert.DoesNotContain(Token, request.Uri.ToString());
    }

    [Fact]
    public async Task ListKernelSpecs_ReturnsDefaultAndSortedNames()
    {
        using var stub = new StubHttpHandler(HttpStatusCode.OK,
            """{"default": "python3", "kernelspecs": {"python3": {"name": "python3"}, "ir": {"name": "ir"}}}""");
        using var client = new JupyterApiClient(Base, Token, stub);

        var specs = await client.ListKernelSpecsAsync(CancellationToken.None);

        Assert.Equal("python3", specs.Default);
        Assert.Equal(["ir", "python3"], specs.Names);
    }

    [Theory]
    [InlineData(null, "{}")]
    [InlineData("python3", """{"name":"python3"}""")]
    public async Task StartKernel_PostsTheSpecName(string? name, string expectedBody)
    {
        using var stub = new StubHttpHandler(HttpStatusCode.Created, """{"id": "k-1", "name": "python3"}""");
        using var client = new JupyterApiClient(Base, Token, stub);

        var id = await client.StartKernelAsync(name, CancellationToken.None);

        Assert.Equal("k-1", id);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/some/base/api/kernels", request.Uri.AbsolutePath);
        Assert.Equal(expectedBody, request.Body);
    }

    [Fact]
    public async Task Forbidden_SaysTheTokenWasRefused_WithoutTheToken()
    {
        // A body echoing the token stands in for a proxy that reflects request headers.
        using var stub = new StubHttpHandler(HttpStatusCode.Forbidden, $$"""{"message": "Forbidden {{Token}}", "reason": null}""");
        using var client = new JupyterApiClient(Base, Token, stub);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetVersionAsync(CancellationToken.None));

        Assert.Contains("the server refused the token", ex.Message);
        Assert.Contains("HTTP 403", ex.Message);
        Assert.DoesNotContain(Token, ex.ToString());
    }

    [Fact]
    public async Task ServerError_ShowsTheLastTracebackLine()
    {
        using var stub = new StubHttpHandler(HttpStatusCode.InternalServerError,
            """{"message": "Unhandled error", "reason": null, "traceback": "Traceback (most recent call last):\n  File \"x.py\"\njupyter_client.kernelspec.NoSuchKernel: No such kernel named nope\n"}""");
        using var client = new JupyterApiClient(Base, Token, stub);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.StartKernelAsync("nope", CancellationToken.None));

        Assert.Equal(ErrorCode.Unexpected, ex.Code);
        Assert.Contains("No such kernel named nope", ex.Message);
        Assert.Contains("HTTP 500", ex.Message);
        Assert.DoesNotContain("Traceback", ex.Message);
    }

    [Fact]
    public async Task Shutdown_UnknownKernel_PassesOnTheServerMessage()
    {
        using var stub = new StubHttpHandler(HttpStatusCode.NotFound, """{"message": "Kernel does not exist: k-9", "reason": null}""");
        using var client = new JupyterApiClient(Base, Token, stub);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.ShutdownKernelAsync("k-9", CancellationToken.None));

        Assert.Contains("Kernel does not exist: k-9", ex.Message);
        Assert.Contains("HTTP 404", ex.Message);
        Assert.Equal(HttpMethod.Delete, Assert.Single(stub.Requests).Method);
    }

    [Fact]
    public async Task UnreachableServer_IsReportedAsNotAnswering()
    {
        // Port 1 on loopback is closed, so the connection is refused at once.
        using var client = new JupyterApiClient(new Uri("http://127.0.0.1:1/"), Token);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetStatusAsync(CancellationToken.None));

        Assert.Equal(ErrorCode.ServerStartFailed, ex.Code);
        Assert.Contains("did not answer", ex.Message);
        Assert.DoesNotContain(Token, ex.ToString());
    }
}

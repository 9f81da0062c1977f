using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Tests.Jupyter;

public sealed class JupyterApiClientUriTests
{
    [Theory]
    [InlineData("http://127.0.0.1:1234", "http://127.0.0.1:1234/")]
    [InlineData("http://127.0.0.1:1234/", "http://127.0.0.1:1234/")]
    [InlineData("http://127.0.0.1:1234/some/base", "http://127.0.0.1:1234/some/base/")]
    [InlineData("https://example.org/some/base/", "https://example.org/some/base/")]
    public void NormalizeBaseUrl_EndsInSlashAndKeepsBasePath(string input, string expected)
    {
        Assert.Equal(new Uri(expected), JupyterApiClient.NormalizeBaseUrl(new Uri(input)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234/?token=secret-token")]
    [InlineData("http://user:secret-token@127.0.0.1:1234/")]
    [InlineData("ftp://127.0.0.1/secret-token")]
    public void NormalizeBaseUrl_RefusesUrlsThatCouldCarryATokenOrAreNotHttp(string input)
    {
        var ex = Assert.Throws<ArgumentException>(() => JupyterApiClient.NormalizeBaseUrl(new Uri(input)));

        Assert.DoesNotContain("secret-token", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234/some/base", "ws://127.0.0.1:1234/some/base/api/kernels/k-1/channels?session_id=s1")]
    [InlineData("http://127.0.0.1:1234/", "ws://127.0.0.1:1234/api/kernels/k-1/channels?session_id=s1")]
    [InlineData("https://example.org/base/", "wss://example.org/base/api/kernels/k-1/channels?session_id=s1")]
    [InlineData("https://example.org:8443/", "wss://example.org:8443/api/kernels/k-1/channels?session_id=s1")]
    public void BuildChannelsUri_SwitchesToWebSocketSchemeUnderTheBasePath(string baseUrl, string expected)
    {
        Assert.Equal(expected, JupyterApiClient.BuildChannelsUri(new Uri(baseUrl), "k-1", "s1").AbsoluteUri);
    }

    [Fact]
    public void BuildChannelsUri_EscapesTheKernelId()
    {
        var uri = JupyterApiClient.BuildChannelsUri(new Uri("http://h/base/"), "../x y", "s1");

        Assert.Equal("/base/api/kernels/..%2Fx%20y/channels", uri.AbsolutePath);
    }
}

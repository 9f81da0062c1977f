using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sources.Urls;

namespace RemoteJupyter.Core.Tests.Sources;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8888", "http://127.0.0.1:8888/")]
    [InlineData("http://127.0.0.1:8888/", "http://127.0.0.1:8888/")]
    [InlineData("  https://Example.ORG/  ", "https://example.org/")]
    [InlineData("https://example.org:8443/jupyter", "https://example.org:8443/jupyter/")]
    [InlineData("https://example.org:8443/jupyter/", "https://example.org:8443/jupyter/")]
    [InlineData("http://localhost:8888/lab", "http://localhost:8888/")]
    [InlineData("http://localhost:8888/lab/tree/work/a.ipynb", "http://localhost:8888/")]
    [InlineData("http://localhost:8888/tree?", "http://localhost:8888/")]
    [InlineData("https://hub.example.org/user/alice/lab/workspaces/auto-x", "https://hub.example.org/user/alice/")]
    [InlineData("http://host:8888/base/notebooks/x.ipynb#cell", "http://host:8888/base/")]
    [InlineData("http://[::1]:8888/base/api/status", "http://[::1]:8888/base/")]
    public void The_base_url_keeps_the_base_path_and_drops_jupyter_pages(string text, string expected)
    {
        var address = ServerAddress.Parse(text);
        Assert.Equal(expected, address.BaseUrl.AbsoluteUri);
        Assert.Equal(expected, address.Display);
        Assert.Null(address.TokenFromUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8888/?token=abc123", "http://127.0.0.1:8888/")]
    [InlineData("http://127.0.0.1:8888/lab?token=abc123", "http://127.0.0.1:8888/")]
    [InlineData("https://h:9/base/tree?foo=1&token=abc123#x", "https://h:9/base/")]
    public void A_pasted_token_is_split_out_of_the_url(string text, string expected)
    {
        var address = ServerAddress.Parse(text);
        Assert.Equal(expected, address.BaseUrl.AbsoluteUri);
        Assert.Equal("abc123", address.TokenFromUrl);
        Assert.Empty(address.BaseUrl.Query);
        Assert.DoesNotContain("abc123", address.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", address.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_token_counts_as_none() =>
        Assert.Null(ServerAddress.Parse("http://h:1/?token=").TokenFromUrl);

    [Theory]
    [InlineData("ftp://example.org/", "scheme 'ftp'")]
    [InlineData("ws://example.org/", "scheme 'ws'")]
    [InlineData("file:///etc/passwd", "scheme 'file'")]
    [InlineData("example.org:8888", "scheme")]
    [InlineData("not a url", "not an absolute URL")]
    [InlineData("", "not an absolute URL")]
    [InlineData("/lab?token=secret", "not an absolute URL")]
    [InlineData("http://user:secret@example.org/", "user name or password")]
    public void Bad_urls_are_refused_with_a_reason_and_without_echoing_them(string text, string reason)
    {
        var ex = Assert.Throws<RemoteJupyterException>(() => ServerAddress.Parse(text));
        Assert.Equal(ErrorCode.InvalidServerUrl, ex.Code);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_prints_without_its_secrets()
    {
        var text = new ExistingServerRequest("http://h:1/?token=tok-in-url", "tok-given", "pw-given").ToString();
        Assert.DoesNotContain("tok-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-", text, StringComparison.Ordinal);
        Assert.Contains("http://h:1/", text, StringComparison.Ordinal);
    }
}

using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Tests.Jupyter;

public sealed class JupyterTokenTests
{
    [Fact]
    public void Tokens_are_32_random_bytes_in_hex()
    {
        var a = JupyterToken.Create();
        var b = JupyterToken.Create();

        Assert.Matches("^[0-9a-f]{64}$", a.Value);
        Assert.NotEqual(a.Value, b.Value);
    }

    [Fact]
    public void Formatting_a_token_never_shows_the_secret()
    {
        var token = JupyterToken.Create();

        Assert.Equal("[token]", token.ToString());
        Assert.DoesNotContain(token.Value, $"starting with {token}", StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Tests.Remote;

public sealed class ShellQuoteTests
{
    public static TheoryData<string> Hostile => new()
    {
        string.Empty,
        " ",
        "plain",
        "it's",
        "''",
        "'\\''",
        "\"double\"",
        "$HOME",
        "${PATH}",
        "$(id)",
        "`id`",
        "a;b",
        "a && b || c",
        "a|b",
        "a > /tmp/x",
        "*",
        "?[a-z]",
        "~",
        "~root",
        "-rf",
        "--",
        "a\nb",
        "tab\there",
        "\r\n",
        "back\\slash",
        "!event",
        "#comment",
        "x=y",
        "ünïcødé 🐍",
        "{a,b}",
        "\u001b[31mred",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Quoted_values_survive_dash_and_bash_as_one_literal_word(string value)
    {
        foreach (var shell in new[] { "/bin/dash", "/bin/bash" })
        {
            var (count, echoed) = RunShell(shell, "set -- " + ShellQuote.Quote(value) + "; printf '%s' \"$#\"; printf '|%s' \"$1\"");
            Assert.Equal("1", count);
            Assert.Equal(value, echoed);
        }
    }

    [Fact]
    public void Plain_words_are_left_unquoted_for_readable_logs()
    {
        Assert.Equal("/usr/bin/python3", ShellQuote.Quote("/usr/bin/python3"));
        Assert.Equal("--ServerApp.ip", ShellQuote.Quote("--ServerApp.ip"));
        Assert.Equal("'x=y'", ShellQuote.Quote("x=y"));
        Assert.Equal("'a b'", ShellQuote.Quote("a b"));
        Assert.Equal("''", ShellQuote.Quote(string.Empty));
    }

    [Fact]
    public void Nul_is_refused_rather_than_truncated()
    {
        Assert.Throws<ArgumentException>(() => ShellQuote.Quote("a\0b"));
    }

    [Theory]
    [InlineData("~/venvs/my env", "/home/u/venvs/my env")]
    [InlineData("~/$(id)", "/home/u/$(id)")]
    [InlineData("~", "/home/u")]
    [InlineData("~/", "/home/u/")]
    [InlineData("~root/x", "~root/x")]
    [InlineData("/abs/~/x", "/abs/~/x")]
    [InlineData("rel ative", "rel ative")]
    public void Paths_expand_only_a_leading_home(string path, string expected)
    {
        var (_, echoed) = RunShell("/bin/dash", "HOME=/home/u; set -- " + ShellQuote.QuotePath(path) + "; printf '%s' \"$#\"; printf '|%s' \"$1\"");
        Assert.Equal(expected, echoed);
    }

    [Fact]
    public void Join_quotes_every_argument()
    {
        var (count, echoed) = RunShell("/bin/dash", "set -- " + ShellQuote.Join("a b", "$x", "'") + "; printf '%s' \"$#\"; printf '|%s' \"$@\"");
        Assert.Equal("3", count);
        Assert.Equal("a b|$x|'", echoed);
    }

    private static (string Count, string Echoed) RunShell(string shell, string script)
    {
        var info = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        var bar = output.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (output, string.Empty) : (output[..bar], output[(bar + 1)..]);
    }
}

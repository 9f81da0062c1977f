using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public class SshTargetTests
{
    [Theory]
    [InlineData("example.com", "example.com", null, null, "example.com")]
    [InlineData("alice@example.com", "example.com", null, "alice", "alice@example.com")]
    [InlineData("example.com:2222", "example.com", 2222, null, "example.com:2222")]
    [InlineData("alice@example.com:2222", "example.com", 2222, "alice", "alice@example.com:2222")]
    [InlineData("[::1]:2222", "::1", 2222, null, "[::1]:2222")]
    [InlineData("user@[::1]:22", "::1", 22, "user", "user@[::1]:22")]
    [InlineData("[fe80::1%eth0]:22", "fe80::1%eth0", 22, null, "[fe80::1%eth0]:22")]
    [InlineData("::1", "::1", null, null, "[::1]")]
    [InlineData("bob@2001:db8::7", "2001:db8::7", null, "bob", "bob@[2001:db8::7]")]
    [InlineData("[::1]", "::1", null, null, "[::1]")]
    [InlineData("[gpu-box]:2200", "gpu-box", 2200, null, "gpu-box:2200")]
    [InlineData("me@corp.example@bastion", "bastion", null, "me@corp.example", "me@corp.example@bastion")]
    [InlineData(@"CORP\alice@winbox", "winbox", null, @"CORP\alice", @"CORP\alice@winbox")]
    [InlineData("Web-01.Example.COM", "Web-01.Example.COM", null, null, "Web-01.Example.COM")]
    [InlineData("host:022", "host", 22, null, "host:22")]
    [InlineData("host:1", "host", 1, null, "host:1")]
    [InlineData("host:65535", "host", 65535, null, "host:65535")]
    [InlineData("192.168.0.10:8022", "192.168.0.10", 8022, null, "192.168.0.10:8022")]
    [InlineData("_dev-alias", "_dev-alias", null, null, "_dev-alias")]
    [InlineData("rechner-ü.example", "rechner-ü.example", null, null, "rechner-ü.example")]
    [InlineData("a%h", "a%h", null, null, "a%h")]
    public void Parse_accepts_the_usual_forms(string text, string host, int? port, string? user, string canonical)
    {
        var target = SshTarget.Parse(text);

        Assert.Equal(new SshTarget(host, port, user), target);
        Assert.Equal(canonical, target.ToString());
        Assert.Equal(target, SshTarget.Parse(target.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("\t\n", "empty")]
    [InlineData("my host", "contains a space")]
    [InlineData(" example.com", "contains a space")]
    [InlineData("example.com ", "contains a space")]
    [InlineData("example.com\n", "contains a line break")]
    [InlineData("example.com\r\n-oProxyCommand=id", "contains a line break")]
    [InlineData("exa\0mple.com", "contains a control character")]
    [InlineData("exa\u001bmple.com", "contains a control character")]
    [InlineData("exa\u200bmple.com", "invisible formatting character")]
    [InlineData("evil\u202emoc.example", "invisible formatting character")]
    [InlineData("example.com\u00a0", "contains a space")]
    [InlineData("-oProxyCommand=id", "starts with '-'")]
    [InlineData("alice@-oProxyCommand=id", "starts with '-'")]
    [InlineData("-oProxyCommand=id@example.com", "starts with '-'")]
    [InlineData("-p2222", "starts with '-'")]
    [InlineData("@example.com", "nothing before '@'")]
    [InlineData("alice@", "no host name")]
    [InlineData(":22", "no host name")]
    [InlineData("[]:22", "no host name")]
    [InlineData("example.com:", "no port")]
    [InlineData("[::1]:", "no port")]
    [InlineData("example.com:0", "out of range")]
    [InlineData("example.com:65536", "out of range")]
    [InlineData("example.com:99999999999999", "out of range")]
    [InlineData("example.com:-1", "not a number")]
    [InlineData("example.com:+22", "not a number")]
    [InlineData("example.com:22a", "not a number")]
    [InlineData("example.com:ssh", "not a number")]
    [InlineData("example.com:２２", "not a number")]
    [InlineData("example.com:22:33", "more than one ':'")]
    [InlineData("[::1", "without a matching ']'")]
    [InlineData("[::1]2222", "after ']'")]
    [InlineData("[::1]]:22", "after ']'")]
    [InlineData("ssh://alice@example.com:22", "looks like a URL")]
    [InlineData("example.com;reboot", "contains ';'")]
    [InlineData("$(reboot)", "contains '$'")]
    [InlineData("`id`", "contains '`'")]
    [InlineData("exa'mple.com", "contains '''")]
    [InlineData("\"example.com\"", "contains '\"'")]
    [InlineData("example.com|sh", "contains '|'")]
    [InlineData("web*", "contains '*'")]
    [InlineData("web?", "contains '?'")]
    [InlineData("a,b", "contains ','")]
    [InlineData("!example.com", "contains '!'")]
    [InlineData("#example.com", "contains '#'")]
    [InlineData("al'ice@example.com", "user name")]
    [InlineData("al;ice@example.com", "contains ';'")]
    [InlineData(@"alice\@example.com", @"ends with '\'")]
    [InlineData("-alice@example.com", "user name")]
    public void Parse_rejects_bad_input_with_an_actionable_message(string text, string expected)
    {
        var error = Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse(text));

        Assert.Equal(ErrorCode.InvalidHost, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
    }

    [Fact]
    public void Messages_tell_the_person_what_to_write()
    {
        var error = Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse("fe80::1:2222x"));

        Assert.Contains("[address]:port", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 65535", Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse("h:70000")).Message, StringComparison.Ordinal);
        Assert.Contains("user@example.com", Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse("")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_escape_control_characters_and_shorten_long_input()
    {
        var newline = Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse("host\nFAKE: ok"));
        Assert.Contains(@"'host\nFAKE: ok'", newline.Message, StringComparison.Ordinal);

        var bell = Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse("ho\u0007st"));
        Assert.Contains(@"'ho\u0007st'", bell.Message, StringComparison.Ordinal);

        var huge = Assert.Throws<RemoteJupyterException>(() => SshTarget.Parse(new string('a', 100_000) + ";"));
        Assert.True(huge.Message.Length < 400, huge.Message);
    }

    [Fact]
    public void Parse_rejects_null_as_a_programming_error() =>
        Assert.Throws<ArgumentNullException>(() => SshTarget.Parse(null!));

    [Fact]
    public void Instances_made_without_Parse_are_validated_too()
    {
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => new SshTarget("-oProxyCommand=id", null, null)).Code);
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => new SshTarget("host", 0, null)).Code);
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => new SshTarget("host", 22, "-l")).Code);
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => new SshTarget("", null, null)).Code);
        Assert.Throws<ArgumentNullException>(() => new SshTarget(null!, null, null));

        var target = new SshTarget("host", 2222, "alice");
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => target with { Host = "a\nb" }).Code);
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => target with { Port = 70000 }).Code);
        Assert.Equal(ErrorCode.InvalidHost, Assert.Throws<RemoteJupyterException>(() => target with { User = "" }).Code);
        Assert.Equal(new SshTarget("host", null, null), target with { Port = null, User = null });
    }
}

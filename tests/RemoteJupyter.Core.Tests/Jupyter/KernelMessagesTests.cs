using System.Text.Json;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Tests.Jupyter;

public sealed class KernelMessagesTests
{
    [Fact]
    public void ExecuteRequest_HasTheV53ShapeOnTheShellChannel()
    {
        var bytes = KernelMessages.ExecuteRequest("m1", "s1", "print('hé')", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        var header = root.GetProperty("header");
        Assert.Equal("m1", header.GetProperty("msg_id").GetString());
        Assert.Equal("execute_request", header.GetProperty("msg_type").GetString());
        Assert.Equal("s1", header.GetProperty("session").GetString());
        Assert.Equal("5.3", header.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("username").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), header.GetProperty("date").GetDateTimeOffset());
        Assert.Empty(root.GetProperty("parent_header").EnumerateObject());
        Assert.Empty(root.GetProperty("metadata").EnumerateObject());
        Assert.Equal("shell", root.GetProperty("channel").GetString());
        var content = root.GetProperty("content");
        Assert.Equal("print('hé')", content.GetProperty("code").GetString());
        Assert.False(content.GetProperty("silent").GetBoolean());
        Assert.True(content.GetProperty("store_history").GetBoolean());
        Assert.Empty(content.GetProperty("user_expressions").EnumerateObject());
        Assert.False(content.GetProperty("allow_stdin").GetBoolean());
        Assert.False(content.GetProperty("stop_on_error").GetBoolean());
    }

    [Fact]
    public void NewId_IsUniqueHex()
    {
        var a = KernelMessages.NewId();

        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.NotEqual(a, KernelMessages.NewId());
    }
}

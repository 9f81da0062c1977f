using System.Text.Json;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Sidecar.Cli;

namespace RemoteJupyter.Core.Tests.Sources;

public sealed class HubOptionsTests
{
    [Fact]
    public void Values_AreJsonWhenTheyParse_ElseText()
    {
        var options = HubCommands.ParseOptions(["cpus=2", "profile=gpu", "gpus=[0,1]", "note=a=b", "empty="])!;

        Assert.Equal(JsonValueKind.Number, options["cpus"].ValueKind);
        Assert.Equal("gpu", options["profile"].GetString());
        Assert.Equal(2, options["gpus"].GetArrayLength());
        Assert.Equal("a=b", options["note"].GetString());
        Assert.Equal(string.Empty, options["empty"].GetString());
    }

    [Fact]
    public void NoOptions_SendsNone() => Assert.Null(HubCommands.ParseOptions([]));

    [Theory]
    [InlineData("novalue")]
    [InlineData("=x")]
    public void AKeyIsRequired(string pair) =>
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<RemoteJupyterException>(() => HubCommands.ParseOptions([pair])).Code);
}

using System.Text.Json;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Core.Tests.Rpc;

public sealed class ContractDescriptionTests
{
    [Fact]
    public void Lists_every_method_of_the_design_with_named_parameters()
    {
        using var contract = JsonDocument.Parse(ContractDescription.ToJson());
        var requests = contract.RootElement.GetProperty("requests").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()).ToList());

        Assert.Equal(
            ["connection/close", "connection/open", "environments/create", "environments/delete", "environments/list", "hosts/list", "initialize", "kernels/register", "kernels/unregister", "servers/attach", "servers/list", "servers/logs", "servers/start", "servers/stop", "shutdown"],
            requests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["host", "configFile", "progress"], requests["connection/open"]);
        Assert.Equal(["connectionId", "environment", "server", "progress"], requests["servers/start"]);
        Assert.Contains("prompt/hostKey", ContractDescription.MethodNames);
    }
}

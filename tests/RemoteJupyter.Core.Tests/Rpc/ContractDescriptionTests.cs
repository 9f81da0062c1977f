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
            ["connection/close", "connection/open", "containers/build", "containers/check", "containers/list", "environments/create", "environments/delete", "environments/list", "hosts/list",
                "hub/kernels", "hub/login", "hub/renewToken", "hub/servers", "hub/start", "hub/stop", "hub/tokenInfo", "initialize", "kernels/register", "kernels/unregister", "servers/attach", "servers/list", "servers/logs", "servers/start", "servers/stop", "shutdown",
                "slurm/attach", "slurm/detect", "slurm/jobs", "slurm/start", "slurm/stop", "sources/add", "sources/kernels", "sources/list", "sources/remove", "sources/renew"],
            requests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["host", "configFile", "progress"], requests["connection/open"]);
        Assert.Equal(["connectionId", "environment", "server", "progress"], requests["servers/start"]);
        Assert.Equal(["connectionId", "directory", "tag", "engine", "progress"], requests["containers/build"]);
        Assert.Equal(["url", "token", "password", "viaConnectionId", "pinFile", "progress"], requests["sources/add"]);
        Assert.Equal(["hubUrl", "user", "token", "name", "options", "progress"], requests["hub/start"]);
        Assert.Contains("prompt/hostKey", ContractDescription.MethodNames);
        Assert.Contains("prompt/certificate", ContractDescription.MethodNames);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Core.Tests.Rpc;

/// <summary>extension/src/sidecar/contract.ts must name the same methods and parameters as the C# contract.</summary>
public sealed partial class ContractMirrorTests
{
    [Fact]
    public void The_typescript_mirror_has_every_request_with_the_same_parameter_names()
    {
        var typescript = File.ReadAllText(Path.Combine(RepositoryRoot(), "extension", "src", "sidecar", "contract.ts"));
        var mirrored = Namespaces().Matches(typescript).ToDictionary(
            m => m.Groups["method"].Value,
            m => ParamNames().Matches(m.Groups["params"].Value).Select(p => p.Groups["name"].Value).ToList());

        using var contract = JsonDocument.Parse(ContractDescription.ToJson());
        foreach (var request in contract.RootElement.GetProperty("requests").EnumerateArray())
        {
            var name = request.GetProperty("name").GetString()!;
            Assert.True(mirrored.ContainsKey(name), $"contract.ts lacks {name}");
            Assert.Equal(request.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()), mirrored[name]);
        }

        Assert.Equal(
            ContractDescription.MethodNames.Concat(ContractDescription.SidecarNotifications).Order(StringComparer.Ordinal),
            Methods().Matches(typescript).Select(m => m.Groups["method"].Value).Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sidecar.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Sidecar.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"export const method = '(?<method>[^']+)'; export interface Params \{(?<params>[^}]*)\}")]
    private static partial Regex Namespaces();

    [GeneratedRegex(@"(?<name>[A-Za-z]+)\??:")]
    private static partial Regex ParamNames();

    [GeneratedRegex(@"export const method = '(?<method>[^']+)'")]
    private static partial Regex Methods();
}

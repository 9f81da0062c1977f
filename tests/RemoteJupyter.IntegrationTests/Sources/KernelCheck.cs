using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>Proves a client can do what VS Code does with a server: start a kernel, run a cell over the websocket, shut it down.</summary>
internal static class KernelCheck
{
    public static async Task<string> RunAsync(JupyterApiClient client, string code, CancellationToken ct)
    {
        var kernel = await client.StartKernelAsync(null, ct);
        try
        {
            var result = await client.ExecuteAsync(kernel, code, ct);
            Assert.Equal("ok", result.Status);
            return result.Stdout.Trim();
        }
        finally
        {
            await client.ShutdownKernelAsync(kernel, ct);
        }
    }
}

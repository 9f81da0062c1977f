using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>Where a one-shot verb connects to, and how it runs there: connect, do one thing, disconnect.</summary>
internal sealed record HostTarget(string Host, string? ConfigFile, bool AcceptNew, LoggingOptions Logging)
{
    public async Task<int> RunAsync(Func<IServiceProvider, SshConnection, Task<int>> verb, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(Logging).Build();
        using var connection = await host.Services.GetRequiredService<ConnectionOpener>()
            .OpenAsync(Host, ConfigFile, new ConsolePrompts(AcceptNew), null, cancellationToken);
        return await verb(host.Services, connection);
    }
}

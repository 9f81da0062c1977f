using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sources.Hub;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// <c>hub login|servers|start|stop</c>. Secrets come from stdin or the terminal, never argv; stdout carries only
/// what scripts read (a token, a table or JSON, a URL), everything else goes to stderr.
/// </summary>
internal static class HubCommands
{
    /// <summary>The environment variable JupyterHub itself uses for a token, so a shell inside a hub just works.</summary>
    public const string TokenVariable = "JUPYTERHUB_API_TOKEN";

    // A token made only to run one verb (after a password prompt) need not outlive it by much.
    private static readonly TimeSpan PromptedTokenLifetime = TimeSpan.FromHours(1);

    public static async Task<int> LoginAsync(HubTarget target, bool passwordStdin, TimeSpan? expiresIn, CancellationToken cancellationToken)
    {
        var password = passwordStdin ? await ReadStdinLineAsync("--password-stdin", cancellationToken) : await AskPasswordAsync(target, cancellationToken);
        var token = await HubClient.LoginAsync(target.HubUrl, target.User, password, expiresIn, null, cancellationToken);
        await Console.Error.WriteLineAsync(token.ExpiresAt is { } at
            ? $"Token {token.Id} for {target.User} expires {at.ToString("u", CultureInfo.InvariantCulture)}."
            : $"Token {token.Id} for {target.User} does not expire; revoke it on the hub's token page when done.");
        await Console.Out.WriteLineAsync(token.Token);
        return CliErrors.Success;
    }

    public static Task<int> ServersAsync(HubTarget target, bool json, CancellationToken cancellationToken) =>
        RunAsync(target, async client =>
        {
            var user = await client.GetUserAsync(target.User, cancellationToken);
            if (json)
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(user.Servers, CliJsonContext.Default.IReadOnlyListHubServer));
                return CliErrors.Success;
            }

            await Console.Out.WriteLineAsync($"{"NAME",-16} {"STATE",-10} {"STARTED",-20} URL");
            foreach (var s in user.Servers)
            {
                var state = s.Pending ?? (s.Ready ? "ready" : "stopped");
                var started = s.Started?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
                await Console.Out.WriteLineAsync($"{(s.Name.Length == 0 ? "(default)" : s.Name),-16} {state,-10} {started,-20} {s.Url}");
            }

            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> StartAsync(HubTarget target, string? serverName, IReadOnlyDictionary<string, JsonElement>? options, CancellationToken cancellationToken) =>
        RunAsync(target, async client =>
        {
            var progress = new SynchronousProgress<HubProgress>(p =>
                Console.Error.WriteLine((p.Ready ? "  ✓ " : p.Failed ? "  ✗ " : "  … ") + $"{p.Percent,3}% {p.Message}"));
            await Console.Error.WriteLineAsync($"  … Asking {client.HubUrl} to start {(string.IsNullOrEmpty(serverName) ? "the default server" : $"server '{serverName}'")} (Ctrl-C cancels)");
            var server = await client.StartServerAsync(target.User, serverName, options, progress, cancellationToken);
            await Console.Out.WriteLineAsync(server.Url.AbsoluteUri);
            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> StopAsync(HubTarget target, string? serverName, bool remove, CancellationToken cancellationToken) =>
        RunAsync(target, async client =>
        {
            await client.StopServerAsync(target.User, serverName, remove, cancellationToken);
            await Console.Out.WriteLineAsync($"{(remove ? "removed" : "stopped")} {(string.IsNullOrEmpty(serverName) ? "(default)" : serverName)}");
            return CliErrors.Success;
        }, cancellationToken);

    /// <summary>Turns <c>--option KEY=VALUE</c> into spawner options; VALUE is JSON when it parses as JSON, else text.</summary>
    public static IReadOnlyDictionary<string, JsonElement>? ParseOptions(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0)
        {
            return null;
        }

        var options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"--option wants KEY=VALUE, not '{pair}'.");
            }

            var value = pair[(equals + 1)..];
            JsonElement element;
            try
            {
                element = JsonSerializer.Deserialize(value, CliJsonContext.Default.JsonElement);
            }
            catch (JsonException)
            {
                element = JsonSerializer.SerializeToElement(value, CliJsonContext.Default.String);
            }

            options[pair[..equals]] = element;
        }

        return options;
    }

    /// <summary>Runs a verb with a client holding the person's token and logging as the command line asked.</summary>
    private static async Task<int> RunAsync(HubTarget target, Func<HubClient, Task<int>> verb, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(target.Logging).Build();
        var token = await TokenAsync(target, cancellationToken);
        using var client = new HubClient(target.HubUrl, token) { Logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger<HubClient>() };
        return await verb(client);
    }

    /// <summary>The token from stdin, else the environment, else a short-lived one made by logging in with a password.</summary>
    private static async Task<string> TokenAsync(HubTarget target, CancellationToken cancellationToken)
    {
        if (target.TokenStdin)
        {
            return await ReadStdinLineAsync("--token-stdin", cancellationToken);
        }

        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var password = await AskPasswordAsync(target, cancellationToken);
        return (await HubClient.LoginAsync(target.HubUrl, target.User, password, PromptedTokenLifetime, null, cancellationToken)).Token;
    }

    private static async Task<string> AskPasswordAsync(HubTarget target, CancellationToken cancellationToken) =>
        await new ConsolePrompts(acceptNewHostKeys: false).AskSecretAsync(new SecretRequest(SecretKind.Password, $"Hub password for {target.User}", 1), cancellationToken)
        ?? throw new RemoteJupyterException(
            ErrorCode.ServerLoginFailed,
            $"No hub token and no terminal to ask for a password: pass a token with --token-stdin or ${TokenVariable}, or get one with: remote-jupyter hub login {target.Hub} --user {target.User} --password-stdin");

    /// <summary>The first line of stdin, without its line ending; a secret may hold spaces, so nothing else is trimmed.</summary>
    private static async Task<string> ReadStdinLineAsync(string option, CancellationToken cancellationToken) =>
        (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r') is { Length: > 0 } line
            ? line
            : throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"{option}: stdin held no line to read.");
}

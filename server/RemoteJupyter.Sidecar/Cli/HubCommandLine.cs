using System.CommandLine;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>The <c>hub</c> verbs: log in to a JupyterHub, list, start and stop your servers there.</summary>
internal static class HubCommandLine
{
    public static void Add(RootCommand root, Func<ParseResult, LoggingOptions> logging)
    {
        var hubUrl = new Argument<string>("hub") { Description = "The hub's address, e.g. https://hub.example.org/ (with its base path if it has one)." };
        var user = new Option<string>("--user", "-u") { Description = "Your user name on the hub.", Required = true, HelpName = "NAME" };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the hub API token from the first line of stdin (else $JUPYTERHUB_API_TOKEN, else log in with a password)." };
        var serverName = new Option<string?>("--name") { Description = "A named server (default: your default server).", HelpName = "SNAME" };
        HubTarget Target(ParseResult r) => new(r.GetValue(hubUrl)!, r.GetValue(user)!, r.GetValue(tokenStdin), logging(r));

        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin (else it is asked on the terminal)." };
        var expiresIn = new Option<int?>("--expires-in") { Description = "The token expires after SECONDS (default: the hub's, usually never).", HelpName = "SECONDS" };
        var login = new Command("login", "Log in to HUB with your password and print a new API token (alone on stdout; its expiry on stderr).") { hubUrl, user, passwordStdin, expiresIn };
        login.SetAction((r, ct) => CliErrors.RunAsync(() => HubCommands.LoginAsync(
            Target(r), r.GetValue(passwordStdin), r.GetValue(expiresIn) is { } seconds ? TimeSpan.FromSeconds(seconds) : null, ct)));

        var json = new Option<bool>("--json") { Description = "Print JSON (name, ready, pending, url, started, lastActivity) instead of a table." };
        var servers = new Command("servers", "List your servers on HUB: the default one and named ones.") { hubUrl, user, tokenStdin, json };
        servers.SetAction((r, ct) => CliErrors.RunAsync(() => HubCommands.ServersAsync(Target(r), r.GetValue(json), ct)));

        var options = new Option<string[]>("--option") { Description = "A spawner option KEY=VALUE (repeatable); VALUE is read as JSON when it is JSON, else as text.", HelpName = "KEY=VALUE" };
        var start = new Command("start", "Start your server on HUB, showing the hub's progress; prints its URL last (Ctrl-C cancels the spawn).")
        {
            hubUrl, user, tokenStdin, serverName, options,
        };
        start.SetAction((r, ct) => CliErrors.RunAsync(() => HubCommands.StartAsync(
            Target(r), r.GetValue(serverName), HubCommands.ParseOptions(r.GetValue(options) ?? []), ct)));

        var remove = new Option<bool>("--remove") { Description = "Also delete the named server (its settings; files in your home stay)." };
        var stop = new Command("stop", "Stop your server on HUB.") { hubUrl, user, tokenStdin, serverName, remove };
        stop.SetAction((r, ct) => CliErrors.RunAsync(() => HubCommands.StopAsync(Target(r), r.GetValue(serverName), r.GetValue(remove), ct)));

        var hub = new Command("hub", "Use a JupyterHub as the server source: log in, list, start and stop your servers.") { login, servers, start, stop };
        root.Subcommands.Add(hub);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// One real JupyterHub (Debian's 3.0 with configurable-http-proxy) on loopback under a base path, with the dummy
/// authenticator, local-process spawner, named servers and an admin service for setup. Spawns answer 202 at once
/// (slow_spawn_timeout 0) so every start shows its progress stream; user options <c>delay</c> (seconds) and
/// <c>fail</c> make a spawn slow or fail, through a pre-spawn hook.
/// </summary>
public sealed class JupyterHubFixture : IAsyncLifetime, IAsyncDisposable
{
    private const string JupyterHub = "/usr/bin/jupyterhub";
    private const string BasePath = "/rj-hub/";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly ConcurrentQueue<string> log = new();
    private readonly string tempDir = Path.Combine(Path.GetTempPath(), "rj-hub-" + Guid.NewGuid().ToString("N"));
    private int users;
    private int hubPort;
    private int proxyApiPort;
    private Process? hub;

    /// <summary>The hub's root, base path included, as a person would give it.</summary>
    public Uri HubUrl { get; private set; } = null!;

    /// <summary>The password every user logs in with (the dummy authenticator's one password).</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>The setup service's token; it has the admin role.</summary>
    public string AdminToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>How long the hub took from process start to answering its API.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>What the hub (and its proxy and spawned servers) wrote so far, for failure messages.</summary>
    public string Log => string.Join('\n', log);

    /// <summary>A user name no other test uses, so tests never see each other's servers.</summary>
    public string NewUser() => "user" + Interlocked.Increment(ref users).ToString(CultureInfo.InvariantCulture);

    /// <summary>Calls the hub API as the admin service (for what a person could not do: revoke tokens, inspect).</summary>
    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string apiPath, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri(HubUrl, "hub/api/" + apiPath));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", AdminToken);
        return await http.SendAsync(request, cancellationToken);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(tempDir);
        var port = FreeLoopbackPort();
        hubPort = FreeLoopbackPort();
        proxyApiPort = FreeLoopbackPort();
        HubUrl = new Uri($"http://127.0.0.1:{port}{BasePath}");
        var config = Path.Combine(tempDir, "jupyterhub_config.py");
        await File.WriteAllTextAsync(config, Config(port));
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var start = new ProcessStartInfo(JupyterHub)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = tempDir,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(config);

        // Debian's Node does not search /usr/share/nodejs, where the proxy's modules live; the spawner and kernels
        // must find Debian's Python first, not a pyenv one without jupyterhub.
        start.Environment["NODE_PATH"] = "/usr/share/nodejs";
        start.Environment["PATH"] = "/usr/bin:/bin:" + Environment.GetEnvironmentVariable("PATH");
        start.Environment.Remove("JUPYTERHUB_API_TOKEN");

        var clock = Stopwatch.StartNew();
        hub = new Process { StartInfo = start };
        hub.OutputDataReceived += (_, e) => Append(e.Data);
        hub.ErrorDataReceived += (_, e) => Append(e.Data);
        hub.Start();
        hub.BeginOutputReadLine();
        hub.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
        StartDuration = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        // Newer xunit builds call both DisposeAsync flavours; the second call must find nothing left to do.
        if (hub is null)
        {
            return;
        }

        // Everything the hub spawned carries its API URL in its environment (the servers and their kernels); the
        // proxy names its API port on its command line. Taken now: the hub removes the proxy's pid file as it exits.
        var children = ProcessesOfThisHub();
        if (ProxyPid() is { } proxy)
        {
            children.Add(proxy);
        }

        if (!hub.HasExited)
        {
            // SIGTERM lets the hub stop the servers it spawned and its proxy (cleanup_servers, cleanup_proxy).
            _ = Kill(hub.Id, SigTerm);
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await hub.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                hub.Kill(entireProcessTree: false);
                await hub.WaitForExitAsync();
            }
        }

        // Leftovers only, and only those still ours: a pid may have been reused since.
        var stillOurs = ProcessesOfThisHub();
        foreach (var pid in children.Where(p => stillOurs.Contains(p) || IsOurProxy(p)))
        {
            _ = Kill(pid, SigKill);
        }

        hub.Dispose();
        hub = null;
        try
        {
            Directory.Delete(tempDir, recursive: true);
        }
        catch (IOException)
        {
            // A server that is still exiting may hold a file; a leftover temp dir is harmless.
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private string Config(int port)
    {
        var allowRoot = Environment.UserName == "root" ? ", '--allow-root'" : string.Empty;
        return $$"""
            import asyncio
            c.JupyterHub.bind_url = 'http://127.0.0.1:{{port}}{{BasePath}}'
            c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{{hubPort}}'
            c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{{proxyApiPort}}'
            c.ConfigurableHTTPProxy.pid_file = '{{tempDir}}/proxy.pid'
            c.JupyterHub.db_url = 'sqlite:///{{tempDir}}/jupyterhub.sqlite'
            c.JupyterHub.cookie_secret_file = '{{tempDir}}/cookie_secret'
            c.JupyterHub.pid_file = '{{tempDir}}/jupyterhub.pid'
            c.JupyterHub.authenticator_class = 'dummy'
            c.DummyAuthenticator.password = '{{Password}}'
            c.JupyterHub.spawner_class = 'simple'
            c.SimpleLocalProcessSpawner.home_dir_template = '{{tempDir}}/home/{username}'
            c.Spawner.cmd = ['/usr/bin/jupyterhub-singleuser']
            c.Spawner.args = ['--ServerApp.open_browser=False'{{allowRoot}}]
            # Without notebook installed hub 3.0 picks jupyter_server anyway; saying so keeps a later notebook install from changing it.
            c.Spawner.environment = {'JUPYTERHUB_SINGLEUSER_APP': 'jupyter_server.serverapp.ServerApp'}
            c.Spawner.start_timeout = 60
            c.JupyterHub.allow_named_servers = True
            c.JupyterHub.tornado_settings = {'slow_spawn_timeout': 0}
            c.JupyterHub.services = [{'name': 'rj-setup', 'api_token': '{{AdminToken}}'}]
            c.JupyterHub.load_roles = [{'name': 'admin', 'services': ['rj-setup']}]

            async def _test_options(spawner):
                options = spawner.user_options or {}
                if options.get('delay'):
                    await asyncio.sleep(float(options['delay']))
                if options.get('fail'):
                    raise RuntimeError('asked to fail by the test')

            c.Spawner.pre_spawn_hook = _test_options
            """;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (!deadline.IsCancellationRequested)
        {
            if (hub!.HasExited)
            {
                throw new InvalidOperationException($"jupyterhub exited with code {hub.ExitCode} before answering.\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(HubUrl, "hub/api/"), deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"jupyterhub did not answer within {StartTimeout}.\n{Log}");
    }

    private List<int> ProcessesOfThisHub()
    {
        var marker = Encoding.UTF8.GetBytes($"JUPYTERHUB_API_URL=http://127.0.0.1:{hubPort}/");
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(dir, "environ")).AsSpan().IndexOf(marker) >= 0)
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's.
            }
        }

        return pids;
    }

    private int? ProxyPid()
    {
        var file = Path.Combine(tempDir, "proxy.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) && IsOurProxy(pid) ? pid : null;
    }

    private bool IsOurProxy(int pid)
    {
        try
        {
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return argv.Any(a => a.Contains("configurable-http-proxy", StringComparison.Ordinal)) &&
                argv.Contains(proxyApiPort.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            log.Enqueue(line);
        }
    }

    /// <summary>A loopback port free right now; also what a test wants for "a hub nobody runs".</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // DllImport rather than LibraryImport, which would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}

using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// A jupyter_server started "by hand" the way people run one we did not start: a hashed password in its config
/// file, optionally a token, optionally TLS with a self-signed certificate. It keeps its port across restarts, so
/// a restart with another certificate looks like a changed server to clients.
/// </summary>
public abstract class ExistingJupyterServer : IAsyncLifetime, IAsyncDisposable
{
    private const string BasePath = "/rj-url/";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly bool tls;
    private readonly bool caSigned;
    private JupyterServerProcess? process;

    /// <param name="tls">https rather than http.</param>
    /// <param name="withToken">Accept a token besides the password.</param>
    /// <param name="caSigned">
    /// With <paramref name="tls"/>: a certificate for <c>localhost</c> signed by a test CA (<see cref="CaPath"/>), as a
    /// server trusted by the system has, instead of a self-signed one for 127.0.0.1.
    /// </param>
    protected ExistingJupyterServer(bool tls, bool withToken, bool caSigned = false)
    {
        this.tls = tls;
        this.caSigned = caSigned;
        Token = withToken ? Guid.NewGuid().ToString("N") : string.Empty;
    }

    public string TempDir { get; } = Path.Combine(Path.GetTempPath(), "rj-existing-" + Guid.NewGuid().ToString("N"));

    public string RootDir => Path.Combine(TempDir, "root");

    private string RuntimeDir => Path.Combine(TempDir, "runtime");

    private string ConfigDir => Path.Combine(TempDir, "config");

    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Empty when the server accepts only the password.</summary>
    public string Token { get; }

    public int Port { get; } = JupyterServerProcess.FreeLoopbackPort();

    public Uri BaseUrl => new($"{(tls ? "https" : "http")}://{(caSigned ? "localhost" : "127.0.0.1")}:{Port}{BasePath}");

    /// <summary>The test CA's certificate (PEM) when the server's certificate is CA-signed.</summary>
    public string CaPath => Path.Combine(TempDir, "ca.pem");

    /// <summary>Every request's Host header as Jupyter itself received it, one a line (written by its log function).</summary>
    public string HostLogPath => Path.Combine(TempDir, "hosts.log");

    /// <summary>The certificate the server runs with now ("a" at first), as PEM file paths.</summary>
    public string CertificateName { get; private set; } = "a";

    /// <summary>What the running server wrote so far, for failure messages.</summary>
    public string Log => process?.Log ?? string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RootDir);
        Directory.CreateDirectory(RuntimeDir);
        Directory.CreateDirectory(ConfigDir);
        Directory.CreateDirectory(Path.Combine(TempDir, "home"));
        var hash = (await RunAsync(JupyterServerProcess.Python, Password + "\n", "-c", "import sys; from jupyter_server.auth import passwd; print(passwd(sys.stdin.readline().strip()))")).Trim();
        var config = new StringBuilder();
        config.AppendLine($"c.ServerApp.password = '{hash}'");
        if (Token.Length == 0)
        {
            config.AppendLine("c.ServerApp.token = ''");
        }

        // Jupyter's access log does not show the Host header; a log function of its own records it, so tests can check
        // what a name-based reverse proxy would have routed on.
        config.AppendLine("from jupyter_server.log import log_request");
        config.AppendLine("def _record_host(handler):");
        config.AppendLine($"    with open({PythonString(HostLogPath)}, 'a') as f:");
        config.AppendLine("        f.write(handler.request.host + '\\n')");
        config.AppendLine("    log_request(handler)");
        config.AppendLine("c.ServerApp.tornado_settings = {'log_function': _record_host}");
        await File.WriteAllTextAsync(Path.Combine(ConfigDir, "jupyter_server_config.py"), config.ToString());
        if (tls && caSigned)
        {
            await MakeCaSignedCertificateAsync("a");
        }
        else if (tls)
        {
            await MakeCertificateAsync("a");
            await MakeCertificateAsync("b");
        }

        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
            // A kernel still exiting may hold a file; a leftover temp dir is harmless.
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return new(DisposeAsync());
    }

    /// <summary>Restarts on the same port, with certificate <paramref name="certificate"/>; optionally forgetting every session cookie.</summary>
    public async Task RestartAsync(string? certificate = null, bool forgetCookies = false)
    {
        await StopAsync();
        CertificateName = certificate ?? CertificateName;
        if (forgetCookies)
        {
            // jupyter_server signs cookies with this secret; a new one invalidates every cookie handed out so far.
            File.Delete(Path.Combine(RuntimeDir, "jupyter_cookie_secret"));
        }

        await StartAsync();
    }

    public string CertificatePath(string name) => Path.Combine(TempDir, $"cert-{name}.pem");

    private string KeyPath(string name) => Path.Combine(TempDir, $"key-{name}.pem");

    private async Task MakeCertificateAsync(string name) => await RunAsync(
        "openssl", null, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", KeyPath(name), "-out", CertificatePath(name));

    /// <summary>A throwaway CA, and a certificate for localhost it signed: what a real CA's customer gets.</summary>
    private async Task MakeCaSignedCertificateAsync(string name)
    {
        var caKey = Path.Combine(TempDir, "ca-key.pem");
        var request = Path.Combine(TempDir, $"req-{name}.pem");
        var extensions = Path.Combine(TempDir, $"ext-{name}.cnf");
        await RunAsync(
            "openssl", null, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Remote Jupyter test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", caKey, "-out", CaPath);
        await RunAsync(
            "openssl", null, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", KeyPath(name), "-out", request);
        await File.WriteAllTextAsync(extensions, "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        await RunAsync(
            "openssl", null, "x509", "-req", "-in", request, "-CA", CaPath, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
            "-extfile", extensions, "-out", CertificatePath(name));
    }

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private async Task StartAsync()
    {
        var args = new List<string>
        {
            "--ServerApp.ip=127.0.0.1", $"--ServerApp.port={Port}", "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False", $"--ServerApp.root_dir={RootDir}", $"--ServerApp.base_url={BasePath}",
        };
        if (tls)
        {
            args.Add($"--ServerApp.certfile={CertificatePath(CertificateName)}");
            args.Add($"--ServerApp.keyfile={KeyPath(CertificateName)}");
        }

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(TempDir, "home"),
            ["JUPYTER_RUNTIME_DIR"] = RuntimeDir,
            ["JUPYTER_CONFIG_DIR"] = ConfigDir,
            ["IPYTHONDIR"] = Path.Combine(TempDir, "ipython"),
        };
        if (Token.Length > 0)
        {
            // The token stays out of argv, where any local user could read it with ps.
            environment["JUPYTER_TOKEN"] = Token;
        }

        process = JupyterServerProcess.Start(RootDir, args, environment);
        await WaitUntilAnsweringAsync();
    }

    private async Task StopAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    /// <summary>Any answer from the login page will do: the server is up; whether we may use it is what tests check.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        using var handler = new SocketsHttpHandler();
        if (tls)
        {
            // The poll trusts exactly the certificate the server was given; the tests check certificates our product's way.
            using var expected = X509CertificateLoader.LoadCertificateFromFile(CertificatePath(CertificateName));
            var thumbprint = expected.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
                cert is not null && string.Equals(new X509Certificate2(cert).Thumbprint, thumbprint, StringComparison.Ordinal);
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"jupyter_server exited with code {process.ExitCode}.\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "login"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"jupyter_server did not answer within {StartTimeout}.\n{Log}");
    }

    private static async Task<string> RunAsync(string file, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info)!;
        await child.StandardInput.WriteAsync(stdin ?? string.Empty);
        child.StandardInput.Close();
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({child.ExitCode}): {await errors}");
        }

        return await output;
    }
}

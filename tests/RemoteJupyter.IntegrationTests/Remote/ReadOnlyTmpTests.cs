using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Remote;

/// <summary>
/// A host whose /tmp is read-only and noexec (hardened servers, some HPC nodes): an sshd runs in a mount
/// namespace of its own where that is so, apart from the throwaway host's own folder. Discovery, a new venv, a
/// Jupyter server and a cell must all work, because everything temporary goes to ~/.remote-jupyter/tmp.
/// </summary>
[Collection("sshd")]
public sealed class ReadOnlyTmpTests(ITestOutputHelper output) : TestBase(output)
{
    // sshd's argv carries -f CONFIG: the config's folder stays writable (pid file, log); the rest of /tmp does not.
    private const string Wrapper = """
        #!/bin/sh
        dir=-
        prev=
        for a in "$@"; do [ "$prev" = -f ] && dir=$(dirname "$a"); prev=$a; done
        exec unshare --mount --propagation private sh -c '
          mount --bind /tmp /tmp && mount -o remount,bind,ro,noexec,nosuid,nodev /tmp || exit 97
          [ "$0" = - ] || { mount --bind "$0" "$0" && mount -o remount,bind,rw "$0"; } || exit 98
          exec /usr/sbin/sshd "$@"' "$dir" "$@"
        """;

    [Fact]
    public async Task Discovery_a_new_venv_and_a_Jupyter_server_work_when_tmp_is_read_only_and_noexec()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Output.WriteLine("Skipped: a mount namespace needs root.");
            return;
        }

        var wrapperDir = Directory.CreateTempSubdirectory("rj-rotmp-").FullName;
        var wrapper = Path.Combine(wrapperDir, "sshd-readonly-tmp");
        await File.WriteAllTextAsync(wrapper, Wrapper.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n", TimeoutToken);
        File.SetUnixFileMode(wrapper, (UnixFileMode)0b111_101_101);
        var layout = new ServerLayout("~/.rj-rotmp-" + Guid.NewGuid().ToString("N")[..8]);
        var venv = "~/.rj-rotmp-venv-" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await ThrowawaySshHost.StartAsync(
            new ThrowawaySshHostOptions { LoginUser = SshdFixture.RootLoginUser, Alias = "rj-rotmp", SshdPath = wrapper }, Logger, TimeoutToken);
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var stopper = new ServerStopper(LoggerFactory.CreateLogger<ServerStopper>()) { Grace = TimeSpan.FromSeconds(5) };
        StartedServer? started = null;
        try
        {
            // The host's /tmp takes nothing: what needs a temporary file must go elsewhere.
            var bare = await connection.Shell.RunAsync("touch /tmp/rj-rotmp-$$ 2>/dev/null; echo $?", TimeoutToken);
            Assert.NotEqual("0\n", bare.Stdout);
            var ours = await connection.Shell.RunAsync("python3 -c 'import tempfile; print(tempfile.gettempdir())'", TimeoutToken);
            Assert.EndsWith("/.remote-jupyter/tmp\n", ours.Stdout, StringComparison.Ordinal);

            var found = await new EnvironmentDiscoverer(LoggerFactory.CreateLogger<EnvironmentDiscoverer>()).DiscoverAsync(connection.Shell, new DiscoveryOptions(), TimeoutToken);
            Assert.Contains(found.Environments, e => e.Python == "/usr/bin/python3" && e.CanServe);

            var kernels = new KernelRegistrar(LoggerFactory.CreateLogger<KernelRegistrar>());
            var creator = new EnvironmentCreator(kernels, new EnvironmentDeleter(LoggerFactory.CreateLogger<EnvironmentDeleter>()), LoggerFactory.CreateLogger<EnvironmentCreator>());
            var created = await creator.CreateAsync(
                connection.Shell, new EnvironmentCreateRequest(EnvironmentKind.Venv, venv) { SystemSitePackages = true }, null, TimeoutToken);

            var starter = TestStarters.Starter(LoggerFactory);
            started = await starter.StartAsync(connection, new ServerStartOptions(new EnvironmentRequest(EnvironmentPath: created.Path), layout), null, TimeoutToken);
            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            var kernel = await client.StartKernelAsync(null, TimeoutToken);
            var cell = await client.ExecuteAsync(kernel, "import sys, tempfile; print(sys.prefix == " + PythonString(created.Path) + ", tempfile.gettempdir().endswith('/.remote-jupyter/tmp'))", TimeoutToken);
            await client.ShutdownKernelAsync(kernel, TimeoutToken);
            Assert.Equal("True True\n", cell.Stdout);
        }
        finally
        {
            if (started is not null)
            {
                await stopper.TryStopByIdAsync(connection.Shell, layout, started.Server.Id, CancellationToken.None);
                started.Dispose();
            }

            await connection.Shell.RunAsync("rm -rf " + ShellQuote.QuotePath(venv) + " " + ShellQuote.QuotePath(layout.Root), CancellationToken.None);
            Directory.Delete(wrapperDir, recursive: true);
        }
    }

    private static string PythonString(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}

using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Environments;

[Collection("sshd")]
public sealed class EnvironmentPreparerTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private EnvironmentPreparer Preparer => new(LoggerFactory.CreateLogger<EnvironmentPreparer>());

    [Fact]
    public async Task Discovery_looks_past_a_first_python3_that_cannot_serve_Jupyter()
    {
        // Like a pyenv shim first on PATH: a python3 whose site-packages hold no Jupyter.
        var bare = await TestHosts.FakePythonAsync(sshd.Host, "bare-python", "exec /usr/bin/python3 -S \"$@\"\n", TimeoutToken);
        using var connection = await OpenAsync();

        var environment = await Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(SearchPath: $"{bare}:/usr/bin"), TimeoutToken);

        Assert.Equal("/usr/bin/python3", environment.PythonPath);
        Assert.Equal(2, environment.Candidates.Count);
        Assert.False(environment.Candidates[0].CanServe);
        Assert.True(environment.Candidates[1].CanServe);
        Assert.StartsWith("1.", environment.JupyterServerVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_python3_anywhere_on_the_search_path_says_so_and_how_to_install_it()
    {
        var empty = Path.Combine(sshd.Host.TempDir, "empty-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(empty);
        using var connection = await OpenAsync();

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(SearchPath: empty), TimeoutToken));

        Assert.Equal(ErrorCode.PythonNotFound, error.Code);
        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains("apt install python3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_interpreter_that_does_not_exist_is_reported()
    {
        using var connection = await OpenAsync();

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(PythonPath: "/nonexistent/bin/python3"), TimeoutToken));

        Assert.Equal(ErrorCode.PythonNotFound, error.Code);
        Assert.Contains("/nonexistent/bin/python3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_venv_without_Jupyter_is_created_then_reported_with_install_commands_and_reused_next_time()
    {
        var venv = "~/rj-test-venv-" + Guid.NewGuid().ToString("N")[..6];
        using var connection = await OpenAsync();
        try
        {
            var error = await Assert.ThrowsAsync<RemoteJupyterException>(
                () => Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(venv, SystemSitePackages: false), TimeoutToken));

            Assert.Equal(ErrorCode.JupyterMissing, error.Code);
            Assert.Contains("jupyter_server", error.Message, StringComparison.Ordinal);
            Assert.Contains("ipykernel", error.Message, StringComparison.Ordinal);
            Assert.Contains("-m pip install jupyter_server ipykernel", error.Message, StringComparison.Ordinal);
            var exists = await connection.Shell.RunAsync("test -x " + ShellQuote.QuotePath(venv + "/bin/python") + " && echo yes", TimeoutToken);
            Assert.Equal("yes\n", exists.Stdout);
        }
        finally
        {
            await connection.Shell.RunAsync("rm -rf " + ShellQuote.QuotePath(venv), CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_path_that_exists_but_is_not_a_venv_is_left_alone()
    {
        var taken = Path.Combine(sshd.Host.TempDir, "taken-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(taken);
        await File.WriteAllTextAsync(Path.Combine(taken, "precious.txt"), "keep me", TimeoutToken);
        using var connection = await OpenAsync();

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(taken, SystemSitePackages: true), TimeoutToken));

        Assert.Equal(ErrorCode.EnvironmentCreationFailed, error.Code);
        Assert.True(File.Exists(Path.Combine(taken, "precious.txt")));
    }

    [Fact]
    public async Task A_failed_venv_creation_leaves_nothing_behind()
    {
        // A base "python3" whose venv module fails: the half-made folder must be removed.
        var fake = await TestHosts.FakePythonAsync(
            sshd.Host,
            "failing-python",
            "if [ \"$1\" = -m ] && [ \"$2\" = venv ]; then mkdir -p \"$4\"/bin; echo 'Error: disk quota exceeded' >&2; exit 1; fi\nexec /usr/bin/python3 \"$@\"\n",
            TimeoutToken);
        var venv = "~/rj-failing-venv-" + Guid.NewGuid().ToString("N")[..6];
        using var connection = await OpenAsync();

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(venv, SystemSitePackages: true, SearchPath: fake), TimeoutToken));

        Assert.Equal(ErrorCode.EnvironmentCreationFailed, error.Code);
        Assert.Contains("disk quota exceeded", error.Message, StringComparison.Ordinal);
        var left = await connection.Shell.RunAsync("test -e " + ShellQuote.QuotePath(venv) + " && echo left || echo gone", TimeoutToken);
        Assert.Equal("gone\n", left.Stdout);
    }

    [Fact]
    public async Task Cancelling_venv_creation_stops_it_on_the_remote_and_removes_the_partial_venv()
    {
        var venv = "~/rj-cancelled-venv-" + Guid.NewGuid().ToString("N")[..6];
        using var connection = await OpenAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Preparer.PrepareAsync(connection.Shell, new EnvironmentRequest(venv, SystemSitePackages: true), cancel.Token));

        var name = venv[2..];
        var left = await connection.Shell.RunAsync(
            $"sleep 1; test -e {ShellQuote.QuotePath(venv)} && echo venv-left; ps -eo args= | grep -c '[-]m venv .*{name}'", TimeoutToken);
        Assert.Equal("0\n", left.Stdout);
    }

    private Task<SshConnection> OpenAsync() =>
        SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
}

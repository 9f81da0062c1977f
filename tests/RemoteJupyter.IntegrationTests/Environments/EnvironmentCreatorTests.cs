using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Environments;

/// <summary>
/// Creating environments and registering kernels against the real sshd. venv runs for real; conda and uv are not
/// installable here, so stand-ins print what the real tools printed (Recorded/) and lay the prefix out the same way,
/// and the tests check the exact command lines we give them.
/// </summary>
[Collection("sshd")]
public sealed class EnvironmentCreatorTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output), IAsyncLifetime
{
    private readonly string id = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Under the test user's home; removed after each test.</summary>
    private string Root => $"~/rj-create-{id}";

    private string KernelName => $"rj-test-{id}";

    private KernelRegistrar Kernels => new(LoggerFactory.CreateLogger<KernelRegistrar>());

    private EnvironmentDeleter Deleter => new(LoggerFactory.CreateLogger<EnvironmentDeleter>());

    private EnvironmentCreator Creator => new(Kernels, Deleter, LoggerFactory.CreateLogger<EnvironmentCreator>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var connection = await OpenAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await connection.Shell.RunAsync(
            "rm -rf " + ShellQuote.QuotePath(Root) + " \"${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/\"" + ShellQuote.Quote(KernelName),
            timeout.Token);
    }

    [Fact]
    public async Task A_venv_from_a_requirements_file_streams_progress_and_gets_a_verified_kernel()
    {
        using var connection = await OpenAsync();
        var lines = new ConcurrentQueue<string>();
        var request = new EnvironmentCreateRequest(EnvironmentKind.Venv, $"{Root}/torch")
        {
            SystemSitePackages = true,
            Requirements = "--no-index\nipykernel\njupyter_server\n",
            KernelName = KernelName,
            KernelDisplayName = "Torch 'n' \"friends\" $(whoami)",
        };

        var created = await Creator.CreateAsync(connection.Shell, request, new SyncProgress(lines.Enqueue), TimeoutToken);

        var home = await HomeAsync(connection);
        Assert.Equal($"{home}/rj-create-{id}/torch", created.Path);
        Assert.Equal($"{created.Path}/bin/python", created.Python);
        Assert.Matches(@"^3\.\d+\.\d+$", created.PythonVersion);
        Assert.Contains(lines, line => line.StartsWith("$ ", StringComparison.Ordinal) && line.Contains("-m venv --system-site-packages", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Requirement already satisfied: ipykernel", StringComparison.Ordinal));
        var kernel = Assert.IsType<KernelRegistration>(created.Kernel);
        Assert.Equal(created.Python, kernel.Python);
        Assert.False(kernel.Repaired);
        var spec = await KernelJsonAsync(connection, kernel.Directory);
        Assert.Equal(created.Python, spec.GetProperty("argv")[0].GetString());
        Assert.Equal(request.KernelDisplayName, spec.GetProperty("display_name").GetString());

        // Deleting the environment takes its kernel along.
        var removed = await Deleter.DeleteAsync(connection.Shell, created.Path, TimeoutToken);
        Assert.Equal([kernel.Directory], removed);
        Assert.Equal("gone\n", (await connection.Shell.RunAsync($"[ -e {ShellQuote.Quote(created.Path)} ] || [ -e {ShellQuote.Quote(kernel.Directory)} ] || echo gone", TimeoutToken)).Stdout);
    }

    [Fact]
    public async Task Cancelling_while_the_venv_is_made_leaves_no_directory()
    {
        using var connection = await OpenAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        var path = $"{Root}/cancelled";
        cancel.CancelAfter(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Creator.CreateAsync(connection.Shell, new EnvironmentCreateRequest(EnvironmentKind.Venv, path), null, cancel.Token));

        // The trap removes it as the process group goes down; give it a moment on a loaded machine.
        var check = $"[ -e {ShellQuote.QuotePath(path)} ] && echo exists || echo gone";
        var result = await connection.Shell.RunAsync(check, TimeoutToken);
        for (var i = 0; i < 20 && result.Stdout != "gone\n"; i++)
        {
            await Task.Delay(100, TimeoutToken);
            result = await connection.Shell.RunAsync(check, TimeoutToken);
        }

        Assert.Equal("gone\n", result.Stdout);
    }

    [Fact]
    public async Task A_failed_install_removes_the_new_venv_and_says_why()
    {
        using var connection = await OpenAsync();
        var path = $"{Root}/broken";

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Creator.CreateAsync(
            connection.Shell,
            new EnvironmentCreateRequest(EnvironmentKind.Venv, path) { Requirements = "--no-index\nno-such-package-rj==1.0\n" },
            null,
            TimeoutToken));

        Output.WriteLine(error.Message);
        Assert.Equal(ErrorCode.EnvironmentCreationFailed, error.Code);
        Assert.Contains("no-such-package-rj", error.Message, StringComparison.Ordinal);
        Assert.Contains("removed again", error.Message, StringComparison.Ordinal);
        Assert.Equal("gone\n", (await connection.Shell.RunAsync($"[ -e {ShellQuote.QuotePath(path)} ] || echo gone", TimeoutToken)).Stdout);
    }

    [Fact]
    public async Task A_wrapper_interpreter_gets_its_kernel_json_repaired_to_name_the_wrapper()
    {
        // Module systems and `scl enable` give people wrapper scripts; ipykernel writes sys.executable, the real binary.
        var wrapper = Path.Combine(await TestHosts.FakePythonAsync(sshd.Host, "wrapped-python", "exec /usr/bin/python3 \"$@\"\n", TimeoutToken), "python3");
        using var connection = await OpenAsync();

        var kernel = await Kernels.RegisterAsync(connection.Shell, wrapper, KernelName, null, TimeoutToken);

        Assert.True(kernel.Repaired);
        Assert.Equal(wrapper, kernel.Python);
        var spec = await KernelJsonAsync(connection, kernel.Directory);
        Assert.Equal(wrapper, spec.GetProperty("argv")[0].GetString());
        Assert.Equal(["-m", "ipykernel_launcher", "-f", "{connection_file}"], spec.GetProperty("argv").EnumerateArray().Skip(1).Select(a => a.GetString()));
        Assert.Equal(KernelName, spec.GetProperty("display_name").GetString());

        Assert.Equal(kernel.Directory, await Kernels.UnregisterAsync(connection.Shell, KernelName, TimeoutToken));
        var again = await Assert.ThrowsAsync<RemoteJupyterException>(() => Kernels.UnregisterAsync(connection.Shell, KernelName, TimeoutToken));
        Assert.Equal(ErrorCode.KernelRegistrationFailed, again.Code);
    }

    [Fact]
    public async Task A_conda_env_is_made_with_the_exact_command_and_registered()
    {
        var conda = await FakeToolAsync("conda");
        using var connection = await OpenAsync();
        var home = await HomeAsync(connection);
        var request = new EnvironmentCreateRequest(EnvironmentKind.Conda, $"{Root}/conda-env")
        {
            PythonVersion = "3.11",
            Packages = ["numpy"],
            Tool = conda,
            KernelName = KernelName,
        };
        var lines = new ConcurrentQueue<string>();

        var created = await Creator.CreateAsync(connection.Shell, request, new SyncProgress(lines.Enqueue), TimeoutToken);

        var prefix = $"{home}/rj-create-{id}/conda-env";
        Assert.Equal(EnvironmentKind.Conda, created.Kind);
        Assert.Equal(prefix, created.Path);
        Assert.Equal([$"create -y -p {prefix} python=3.11 ipykernel numpy"], await CallsAsync(conda));
        Assert.Contains(lines, line => line == "Executing transaction: done");
        Assert.Equal($"{prefix}/bin/python", created.Kernel?.Python);
    }

    [Fact]
    public async Task A_conda_failure_quotes_the_tool_and_leaves_nothing()
    {
        var conda = await FakeToolAsync("conda");
        using var connection = await OpenAsync();
        var path = $"{Root}/conda-broken";

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Creator.CreateAsync(
            connection.Shell,
            new EnvironmentCreateRequest(EnvironmentKind.Conda, path) { Packages = ["nosuchpackage-rj"], Tool = conda },
            null,
            TimeoutToken));

        Assert.Equal(ErrorCode.EnvironmentCreationFailed, error.Code);
        Assert.Contains("PackagesNotFoundError", error.Message, StringComparison.Ordinal);
        Assert.Equal("gone\n", (await connection.Shell.RunAsync($"[ -e {ShellQuote.QuotePath(path)} ] || echo gone", TimeoutToken)).Stdout);
    }

    [Fact]
    public async Task A_uv_env_is_made_with_uv_venv_then_uv_pip_install()
    {
        var uv = await FakeToolAsync("uv");
        using var connection = await OpenAsync();
        var home = await HomeAsync(connection);
        var request = new EnvironmentCreateRequest(EnvironmentKind.Uv, $"{Root}/uv-env")
        {
            PythonVersion = "3.12",
            Requirements = "pandas\n",
            Packages = ["numpy>=2"],
            Tool = uv,
        };

        var created = await Creator.CreateAsync(connection.Shell, request, null, TimeoutToken);

        var prefix = $"{home}/rj-create-{id}/uv-env";
        Assert.Equal(prefix, created.Path);
        var calls = await CallsAsync(uv);
        Assert.Equal(3, calls.Count);
        Assert.Equal($"venv --python 3.12 {prefix}", calls[0]);
        Assert.Matches($"^pip install --python {prefix}/bin/python -r .*/requirements.txt$", calls[1]);
        Assert.Equal($"pip install --python {prefix}/bin/python -- numpy>=2", calls[2]);
    }

    [Fact]
    public async Task An_occupied_path_is_refused_and_left_as_it_was()
    {
        using var connection = await OpenAsync();
        await connection.Shell.RunAsync($"mkdir -p {ShellQuote.QuotePath(Root)}/taken && echo mine > {ShellQuote.QuotePath(Root)}/taken/notes.txt", TimeoutToken);

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Creator.CreateAsync(
            connection.Shell, new EnvironmentCreateRequest(EnvironmentKind.Venv, $"{Root}/taken"), null, TimeoutToken));
        var notAnEnvironment = await Assert.ThrowsAsync<RemoteJupyterException>(() => Deleter.DeleteAsync(connection.Shell, $"{Root}/taken", TimeoutToken));

        Assert.Equal(ErrorCode.EnvironmentCreationFailed, error.Code);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.EnvironmentNotFound, notAnEnvironment.Code);
        Assert.Equal("mine\n", (await connection.Shell.RunAsync($"cat {ShellQuote.QuotePath(Root)}/taken/notes.txt", TimeoutToken)).Stdout);
    }

    private Task<SshConnection> OpenAsync() =>
        SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);

    private async Task<string> HomeAsync(SshConnection connection) =>
        (await connection.Shell.RunAsync("printf '%s' \"$HOME\"", TimeoutToken)).Stdout;

    private async Task<JsonElement> KernelJsonAsync(SshConnection connection, string directory)
    {
        var text = (await connection.Shell.RunAsync("cat " + ShellQuote.Quote(directory + "/kernel.json"), TimeoutToken)).Stdout;
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A stand-in tool with its recorded outputs in a folder the test user can write to (for calls.log).</summary>
    private async Task<string> FakeToolAsync(string tool)
    {
        var dir = Path.Combine(sshd.Host.TempDir, $"fake-{tool}-{id}");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        var recorded = Path.Combine(AppContext.BaseDirectory, "Environments", "Recorded");
        foreach (var file in Directory.EnumerateFiles(recorded, "*.txt"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        var executable = Path.Combine(dir, tool);
        await File.WriteAllTextAsync(executable, await File.ReadAllTextAsync(Path.Combine(recorded, $"fake-{tool}.sh"), TimeoutToken), TimeoutToken);
        File.SetUnixFileMode(executable, (UnixFileMode)0b111_101_101);
        return executable;
    }

    private async Task<List<string>> CallsAsync(string tool) =>
        (await File.ReadAllLinesAsync(Path.Combine(Path.GetDirectoryName(tool)!, "calls.log"), TimeoutToken)).ToList();

    /// <summary>Reports on the calling thread, so lines are all there when the call returns.</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

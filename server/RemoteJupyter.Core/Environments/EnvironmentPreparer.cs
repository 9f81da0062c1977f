using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments;

/// <summary>
/// Makes sure a Python that can serve Jupyter exists on the remote, in one round trip, and says
/// exactly what is missing and how to install it when it cannot.
/// </summary>
public sealed partial class EnvironmentPreparer
{
    private const string InstallHint =
        "On Debian/Ubuntu: sudo apt install python3-jupyter-server python3-ipykernel python3-venv; " +
        "elsewhere: python3 -m pip install --user jupyter_server ipykernel";

    private readonly ILogger<EnvironmentPreparer> logger;

    /// <summary>Creates the preparer.</summary>
    public EnvironmentPreparer(ILogger<EnvironmentPreparer> logger) => this.logger = logger;

    /// <summary>Finds or creates the environment and verifies it can run Jupyter.</summary>
    public async Task<PythonEnvironment> PrepareAsync(RemoteShell shell, EnvironmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(request);
        var result = await shell.RunScriptAsync("prepare-environment", EnvironmentScript.Build(request), cancellationToken);
        return Interpret(result, request);
    }

    /// <summary>
    /// The fast path for a venv that already exists: a script that only verifies it, runnable in the environment sshd
    /// gives a command (no login shell needed), e.g. as the claim's follow-up. Null when the request is not a venv.
    /// </summary>
    public static string? ExistingVenvScript(EnvironmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.VenvPath is null || request.EnvironmentPath is not null || request.PythonPath is not null
            ? null
            : EnvironmentScript.Build(request, createVenv: false);
    }

    /// <summary>
    /// Reads what <see cref="ExistingVenvScript"/> printed. Null when the venv is missing or does not verify in that
    /// environment (a library path only the login shell sets, say): <see cref="PrepareAsync"/> decides then.
    /// </summary>
    public PythonEnvironment? TryReadExistingVenv(RemoteResult result, EnvironmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return Interpret(result, request);
        }
        catch (RemoteJupyterException)
        {
            return null;
        }
    }

    private PythonEnvironment Interpret(RemoteResult result, EnvironmentRequest request)
    {
        var records = result.Records();
        var candidates = records.Where(r => r[0] == "python").Select(PythonCandidate.Parse).OfType<PythonCandidate>().ToList();
        foreach (var candidate in candidates)
        {
            LogCandidate(logger, candidate.Path, candidate.Version, candidate.HasJupyterServer, candidate.HasIpykernel);
        }

        if (records.FirstOrDefault(r => r[0] == "fail") is { } failure)
        {
            throw Failure(failure, request, candidates);
        }

        var created = records.FirstOrDefault(r => r[0] == "venv-created");
        if (created is not null)
        {
            LogVenvCreated(logger, created[1], created.Length > 2 ? created[2] : "?");
        }

        var verify = records.FirstOrDefault(r => r[0] == "verify" && r.Length >= 6);
        var chosen = records.FirstOrDefault(r => r[0] == "chosen")?.ElementAtOrDefault(1);
        if (verify is null || chosen is null)
        {
            throw new RemoteJupyterException(
                ErrorCode.RemoteCommandFailed,
                $"Could not run Python on the host (exit {result.ExitCode}): {RemoteResult.Excerpt(result.Stderr + result.Stdout)}");
        }

        var (serverVersion, kernelVersion, labVersion) = (verify[3], verify[4], verify[5]);
        var missing = new List<string>();
        if (serverVersion.StartsWith('!'))
        {
            missing.Add("jupyter_server (" + serverVersion[1..] + ")");
        }

        if (kernelVersion.StartsWith('!'))
        {
            missing.Add("ipykernel (" + kernelVersion[1..] + ")");
        }

        if (missing.Count > 0)
        {
            var hint = request.VenvPath is not null
                ? $"Install them into the venv: {ShellQuote.QuotePath(chosen)} -m pip install jupyter_server ipykernel, " +
                  "or recreate it with --system-site-packages on a host that has them. " + InstallHint
                : InstallHint;
            throw new RemoteJupyterException(
                ErrorCode.JupyterMissing,
                $"{chosen} (Python {verify[2]}) cannot import {string.Join(" and ", missing)}. {hint}.");
        }

        var kernelPython = records.FirstOrDefault(r => r[0] == "kernel-python")?.ElementAtOrDefault(1);
        return new PythonEnvironment(
            chosen, verify[2], request.VenvPath ?? request.EnvironmentPath, created is not null, serverVersion, !labVersion.StartsWith('!'), candidates)
        {
            KernelPythonPath = kernelPython,
        };
    }

    private static RemoteJupyterException Failure(string[] failure, EnvironmentRequest request, List<PythonCandidate> candidates)
    {
        var searched = request.SearchPath ?? "$PATH:" + EnvironmentScript.WellKnownDirectories;
        var detail = failure.ElementAtOrDefault(2) ?? string.Empty;
        return failure[1] switch
        {
            "no-environment" => new RemoteJupyterException(
                ErrorCode.EnvironmentNotFound, $"{request.EnvironmentPath} holds no bin/python3 or bin/python; give the folder of an environment (see: remote-jupyter envs HOST)."),
            "no-ipykernel-in-environment" => new RemoteJupyterException(
                ErrorCode.JupyterMissing,
                $"{detail} cannot import ipykernel, so it can neither serve Jupyter nor run its kernels. Install it there: {ShellQuote.QuotePath(detail)} -m pip install ipykernel."),
            "no-python" when request.PythonPath is not null => new RemoteJupyterException(
                ErrorCode.PythonNotFound, $"{request.PythonPath} does not exist or is not executable on the host."),
            "no-python" => new RemoteJupyterException(
                ErrorCode.PythonNotFound,
                $"No python3 found on the host (searched {searched}). Install Python 3 (Debian/Ubuntu: sudo apt install python3 python3-venv) or pass the interpreter with --python."),
            "no-venv-module" => new RemoteJupyterException(
                ErrorCode.EnvironmentCreationFailed,
                $"None of the host's Pythons ({Describe(candidates)}) has the venv module. Debian/Ubuntu: sudo apt install python3-venv."),
            "venv-path-taken" => new RemoteJupyterException(
                ErrorCode.EnvironmentCreationFailed,
                $"{detail} exists and is not a virtual environment (no bin/python). Choose another path or remove it."),
            "venv-failed" => new RemoteJupyterException(
                ErrorCode.EnvironmentCreationFailed,
                $"Creating the venv at {request.VenvPath} failed and was cleaned up: {RemoteResult.Excerpt(detail)}" +
                (detail.Contains("ensurepip", StringComparison.Ordinal) ? " Debian/Ubuntu: sudo apt install python3-venv." : string.Empty)),
            "no-jupyter" => new RemoteJupyterException(
                ErrorCode.JupyterMissing,
                $"No Python on the host can run Jupyter: {Describe(candidates)}. {InstallHint}. Or create a venv with --venv PATH."),
            _ => new RemoteJupyterException(ErrorCode.Unexpected, $"Environment step failed: {failure[1]} {detail}"),
        };
    }

    private static string Describe(IEnumerable<PythonCandidate> candidates) =>
        string.Join("; ", candidates.Select(c =>
            $"{c.Path} {c.Version}" + (c.CanServe ? string.Empty
                : " lacks " + string.Join(", ", new[] { c.HasJupyterServer ? null : "jupyter_server", c.HasIpykernel ? null : "ipykernel" }.OfType<string>()))));

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Found {Path} (Python {Version}, jupyter_server {Server}, ipykernel {Kernel})")]
    private static partial void LogCandidate(ILogger logger, string path, string version, bool server, bool kernel);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Created venv {Venv} from {BasePython}")]
    private static partial void LogVenvCreated(ILogger logger, string venv, string basePython);
}

using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments.Creation;

/// <summary>
/// Makes a venv, conda or uv environment on the host, installs what was asked, and registers it as a kernel,
/// streaming the tools' output to the person. On failure or cancel nothing half-made stays: the script removes
/// a partial environment itself, and one whose kernel could not be registered is deleted again.
/// </summary>
public sealed partial class EnvironmentCreator
{
    private readonly KernelRegistrar kernels;
    private readonly EnvironmentDeleter deleter;
    private readonly ILogger<EnvironmentCreator> logger;

    /// <summary>Creates the creator.</summary>
    public EnvironmentCreator(KernelRegistrar kernels, EnvironmentDeleter deleter, ILogger<EnvironmentCreator> logger)
    {
        this.kernels = kernels;
        this.deleter = deleter;
        this.logger = logger;
    }

    /// <summary>Creates the environment; <paramref name="output"/> gets each line the tools print, as it comes.</summary>
    public async Task<CreatedEnvironment> CreateAsync(
        RemoteShell shell, EnvironmentCreateRequest request, IProgress<string>? output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        Validate(request);
        var lines = new ToolOutput(output);
        var result = await shell.RunScriptAsync("create-environment", CreationScript.Build(request), lines, cancellationToken);

        var records = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith(CreationScript.RecordPrefix, StringComparison.Ordinal))
            .Select(line => line[CreationScript.RecordPrefix.Length..].Split('\t'))
            .ToList();
        if (records.FirstOrDefault(r => r[0] == "fail") is { } failure)
        {
            throw Failure(request, failure.ElementAtOrDefault(1) ?? "?", failure.ElementAtOrDefault(2) ?? string.Empty);
        }

        var created = records.FirstOrDefault(r => r[0] == "created" && r.Length >= 3)
            ?? throw new RemoteJupyterException(
                ErrorCode.EnvironmentCreationFailed,
                $"Creating {request.Path} gave no answer (exit {result.ExitCode}): {Trim(result.Stderr)}");
        var (prefix, python, version) = (created[1], created[2], created.ElementAtOrDefault(3) ?? string.Empty);
        LogCreated(logger, request.Kind, prefix, python);
        if (request.KernelName is not { } kernelName)
        {
            return new CreatedEnvironment(request.Kind, prefix, python, version, null);
        }

        try
        {
            var kernel = await kernels.RegisterAsync(shell, python, kernelName, request.KernelDisplayName, cancellationToken);
            return new CreatedEnvironment(request.Kind, prefix, python, version, kernel);
        }
        catch (Exception ex) when (ex is RemoteJupyterException or OperationCanceledException)
        {
            // All or nothing: an environment without the kernel the person asked for is half-made.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await deleter.DeleteAsync(shell, prefix, cleanup.Token);
            if (ex is RemoteJupyterException failed)
            {
                throw new RemoteJupyterException(failed.Code, failed.Message + $" The new environment {prefix} was removed again.", failed);
            }

            throw;
        }
    }

    private static void Validate(EnvironmentCreateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind is not (EnvironmentKind.Venv or EnvironmentKind.Conda or EnvironmentKind.Uv))
        {
            throw new RemoteJupyterException(ErrorCode.InvalidEnvironmentName, $"Remote Jupyter can create venv, conda and uv environments, not {request.Kind}.");
        }

        if (request.Kind == EnvironmentKind.Conda && !request.Path.Contains('/', StringComparison.Ordinal))
        {
            EnvironmentNames.ValidateCondaName(request.Path);
        }
        else
        {
            EnvironmentNames.ValidatePath(request.Path);
        }

        foreach (var package in request.Packages)
        {
            EnvironmentNames.ValidatePackage(package);
        }

        if (request.KernelName is { } kernel)
        {
            EnvironmentNames.ValidateKernelName(kernel);
            EnvironmentNames.ValidateDisplayName(request.KernelDisplayName ?? kernel);
        }

        if (request.PythonVersion is { } version && !System.Text.RegularExpressions.Regex.IsMatch(version, @"^[0-9]+(\.[0-9]+){0,2}$"))
        {
            throw new RemoteJupyterException(ErrorCode.InvalidEnvironmentName, $"'{version}' is not a Python version like 3.11 or 3.12.4.");
        }

        if (request.BasePython is { } basePython)
        {
            EnvironmentNames.ValidatePath(basePython);
        }

        if (request.Tool is { } tool)
        {
            EnvironmentNames.ValidatePath(tool);
        }
    }

    private static RemoteJupyterException Failure(EnvironmentCreateRequest request, string code, string detail)
    {
        var tool = request.Kind == EnvironmentKind.Uv ? "uv" : "conda, mamba or micromamba";
        return code switch
        {
            "path-taken" => new(ErrorCode.EnvironmentCreationFailed, $"{request.Path} already exists and is not empty. Choose another path, or delete it first."),
            "name-taken" => new(ErrorCode.EnvironmentCreationFailed, $"A conda environment named {request.Path} already exists. Choose another name, or delete it first."),
            "no-venv-module" => new(ErrorCode.EnvironmentCreationFailed, "No python3 on the host has the venv module with ensurepip. Debian/Ubuntu: sudo apt install python3-venv."),
            "no-tool" => new(ErrorCode.EnvironmentCreationFailed, $"None of {tool} was found on the host's login PATH. Install it, or give its full path."),
            "no-workdir" => new(ErrorCode.EnvironmentCreationFailed, $"Could not make a work folder on the host ({detail}). Check that your home folder is writable."),
            "venv-failed" or "uv-failed" or "conda-failed" => new(
                ErrorCode.EnvironmentCreationFailed,
                $"Creating {request.Path} failed and was cleaned up: {Trim(detail)}" + (detail.Contains("ensurepip", StringComparison.Ordinal) ? " Debian/Ubuntu: sudo apt install python3-venv." : string.Empty)),
            "install-failed" => new(ErrorCode.EnvironmentCreationFailed, $"Installing packages into {request.Path} failed, so the environment was removed again: {Trim(detail)}"),
            _ => new(ErrorCode.EnvironmentCreationFailed, $"Creating {request.Path} failed ({code}) and was cleaned up: {Trim(detail)}"),
        };
    }

    /// <summary>
    /// Passes the tools' lines on as they come (on the reading thread, so none arrives after the call returns); of
    /// our own records only the steps, shown as the command being run.
    /// </summary>
    private sealed class ToolOutput(IProgress<string>? output) : IProgress<string>
    {
        private const string Step = CreationScript.RecordPrefix + "step\t";

        public void Report(string value)
        {
            if (!value.StartsWith(CreationScript.RecordPrefix, StringComparison.Ordinal))
            {
                output?.Report(value);
            }
            else if (value.StartsWith(Step, StringComparison.Ordinal))
            {
                output?.Report("$ " + value[Step.Length..]);
            }
        }
    }

    private static string Trim(string text) => text.Length > 1500 ? "…" + text[^1500..].Trim() : text.Trim();

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Created {Kind} environment {Prefix} ({Python})")]
    private static partial void LogCreated(ILogger logger, EnvironmentKind kind, string prefix, string python);
}

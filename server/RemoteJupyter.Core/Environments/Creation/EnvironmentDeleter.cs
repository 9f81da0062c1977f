using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments.Creation;

/// <summary>Deletes an environment folder (venv, uv or conda prefix) and this user's kernels that run it.</summary>
public sealed partial class EnvironmentDeleter
{
    private readonly ILogger<EnvironmentDeleter> logger;

    /// <summary>Creates the deleter.</summary>
    public EnvironmentDeleter(ILogger<EnvironmentDeleter> logger) => this.logger = logger;

    /// <summary>Deletes the environment at <paramref name="path"/>; returns the kernel folders removed with it.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(RemoteShell shell, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        EnvironmentNames.ValidatePath(path);
        var result = await shell.RunScriptAsync("delete-environment", DeletionScript.Build(path), cancellationToken);
        var records = result.Records(2);
        if (records.FirstOrDefault(r => r[0] == "fail") is { } failure)
        {
            throw failure.ElementAtOrDefault(1) switch
            {
                "not-an-environment" => new RemoteJupyterException(
                    ErrorCode.EnvironmentNotFound,
                    $"{path} is not a Python environment (no pyvenv.cfg or conda-meta/), so it was left alone."),
                "conda-root" => new RemoteJupyterException(
                    ErrorCode.EnvironmentNotFound,
                    $"{path} is a conda installation, not one of its environments; it was left alone. Remove it with the installer's own instructions."),
                _ => new RemoteJupyterException(ErrorCode.RemoteCommandFailed, $"Could not delete {path}: {result.Stderr.Trim()}"),
            };
        }

        if (!records.Any(r => r[0] == "deleted"))
        {
            throw new RemoteJupyterException(ErrorCode.RemoteCommandFailed, $"Deleting {path} gave no answer (exit {result.ExitCode}): {result.Stderr.Trim()}");
        }

        var kernels = records.Where(r => r[0] == "kernel" && r.Length > 1).Select(r => System.Text.Json.JsonSerializer.Deserialize(r[1], Json.CoreJsonContext.Default.String) ?? r[1]).ToList();
        LogDeleted(logger, path, kernels.Count);
        return kernels;
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Deleted environment {Path} and {Kernels} kernel(s) that ran it")]
    private static partial void LogDeleted(ILogger logger, string path, int kernels);
}

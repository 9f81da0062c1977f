using System.Text.Json;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Kernels;

/// <summary>
/// Registers an environment as a Jupyter kernel (<c>python -m ipykernel install --user</c>), then reads the
/// kernel.json back and makes sure it runs that environment's interpreter; and removes such kernels again.
/// </summary>
public sealed partial class KernelRegistrar
{
    private readonly ILogger<KernelRegistrar> logger;

    /// <summary>Creates the registrar.</summary>
    public KernelRegistrar(ILogger<KernelRegistrar> logger) => this.logger = logger;

    /// <summary>
    /// Registers <paramref name="python"/> as kernel <paramref name="name"/> for this user. An existing kernel of
    /// that name is replaced, as <c>ipykernel install</c> does.
    /// </summary>
    public async Task<KernelRegistration> RegisterAsync(
        RemoteShell shell, string python, string name, string? displayName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        EnvironmentNames.ValidatePath(python);
        EnvironmentNames.ValidateKernelName(name);
        var display = EnvironmentNames.ValidateDisplayName(displayName ?? name);
        var result = await shell.RunScriptAsync("register-kernel", KernelScripts.Register(python, name, display), cancellationToken);
        var records = result.Records(3);
        if (records.FirstOrDefault(r => r[0] == "fail") is { } failure)
        {
            throw failure[1] switch
            {
                "no-python" => new RemoteJupyterException(ErrorCode.PythonNotFound, $"{python} does not exist or is not executable on the host."),
                "no-ipykernel" => new RemoteJupyterException(
                    ErrorCode.JupyterMissing,
                    $"{python} cannot import ipykernel, so it cannot run a kernel. Install it into that environment: {ShellQuote.QuotePath(python)} -m pip install ipykernel."),
                "install" => new RemoteJupyterException(
                    ErrorCode.KernelRegistrationFailed, $"ipykernel could not register kernel '{name}': {failure.ElementAtOrDefault(2)?.Trim()}"),
                _ => new RemoteJupyterException(
                    ErrorCode.KernelRegistrationFailed, $"Kernel '{name}' was registered but its kernel.json could not be checked: {RemoteResult.Excerpt(result.Stdout + result.Stderr)}"),
            };
        }

        var kernel = records.FirstOrDefault(r => r[0] == "kernel" && r.Length > 1)
            ?? throw new RemoteJupyterException(ErrorCode.KernelRegistrationFailed, $"Registering kernel '{name}' gave no answer: {RemoteResult.Excerpt(result.Stdout + result.Stderr)}");
        using var json = JsonDocument.Parse(kernel[1]);
        var root = json.RootElement;
        var registration = new KernelRegistration(
            name,
            root.GetProperty("display_name").GetString() ?? display,
            root.GetProperty("dir").GetString() ?? string.Empty,
            root.GetProperty("python").GetString() ?? python,
            root.GetProperty("repaired").GetBoolean());
        if (registration.Repaired)
        {
            LogRepaired(logger, name, python);
        }

        LogRegistered(logger, name, registration.Directory, python);
        return registration;
    }

    /// <summary>Removes this user's kernel <paramref name="name"/>; returns the folder that was removed.</summary>
    public async Task<string> UnregisterAsync(RemoteShell shell, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        EnvironmentNames.ValidateKernelName(name);
        var result = await shell.RunScriptAsync("unregister-kernel", KernelScripts.Unregister(name), cancellationToken);
        var records = result.Records(3);
        if (records.FirstOrDefault(r => r[0] == "removed") is { Length: > 1 } removed)
        {
            LogUnregistered(logger, name, removed[1]);
            return removed[1];
        }

        var where = records.FirstOrDefault(r => r[0] == "fail")?.ElementAtOrDefault(2) ?? "~/.local/share/jupyter/kernels";
        throw new RemoteJupyterException(
            ErrorCode.KernelRegistrationFailed,
            $"There is no kernel '{name}' of yours to remove ({where} has no kernel.json). System-wide kernels need the host's administrator.");
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Registered kernel {Name} in {Directory} for {Python}")]
    private static partial void LogRegistered(ILogger logger, string name, string directory, string python);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "kernel.json of {Name} named another interpreter; rewrote argv[0] to {Python}")]
    private static partial void LogRepaired(ILogger logger, string name, string python);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Removed kernel {Name} ({Directory})")]
    private static partial void LogUnregistered(ILogger logger, string name, string directory);
}

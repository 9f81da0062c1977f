using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments;

/// <summary>
/// Finds every Python environment on the host (system, venv, virtualenv, uv, conda, pyenv) and the registered
/// kernelspecs, in one round trip and within a time bound; what was found by then is returned with a warning.
/// </summary>
public sealed partial class EnvironmentDiscoverer
{
    // The script stops itself at the bound; this margin only covers a host too stuck to run even that.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    private readonly ILogger<EnvironmentDiscoverer> logger;

    /// <summary>Creates the discoverer.</summary>
    public EnvironmentDiscoverer(ILogger<EnvironmentDiscoverer> logger) => this.logger = logger;

    /// <summary>Discovers the environments and kernelspecs on the host behind <paramref name="shell"/>.</summary>
    public async Task<DiscoveryResult> DiscoverAsync(RemoteShell shell, DiscoveryOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.Timeout + Margin);
        RemoteResult result;
        try
        {
            result = await shell.RunScriptAsync("discover-environments", DiscoveryScript.Build(options), bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogGaveUp(logger, options.Timeout);
            return new DiscoveryResult([], [], [$"The host did not finish discovery within {options.Timeout.TotalSeconds:0.#} s; nothing was found in time."])
            {
                TimedOut = true,
            };
        }

        var discovery = Interpret(result.Stdout, options);
        var elapsed = Stopwatch.GetElapsedTime(started);
        LogDiscovered(logger, discovery.Environments.Count, discovery.Kernels.Count, elapsed, discovery.TimedOut);
        return discovery;
    }

    /// <summary>Turns the script's output into the result: kinds, de-duplication, each environment's kernel.</summary>
    internal static DiscoveryResult Interpret(string stdout, DiscoveryOptions options)
    {
        var output = DiscoveryOutput.Parse(stdout);
        var kernels = output.Kernels.DistinctBy(k => k.Dir).ToList();
        var environments = output.Probes
            .DistinctBy(p => p.Prefix.Length > 0 ? "p" + p.Prefix : "b" + p.Python)
            .Select(p => (Probe: p, Environment: p.ToEnvironment()))
            .Select(e => e.Environment with { KernelName = KernelOwnership.KernelNameOf(e.Environment, e.Probe.Executable, kernels) })
            .ToList();

        var warnings = new List<string>(output.Warnings);
        var timedOut = output.TimedOut || !output.Finished;
        if (output.TimedOut)
        {
            warnings.Add($"Discovery stopped after {options.Timeout.TotalSeconds:0.#} s: the environments found by then are listed; " +
                "an interpreter that did not answer in time and everything after it are missing (and kernelspecs were not read).");
        }
        else if (!output.Finished)
        {
            warnings.Add("Discovery did not run to its end on the host; the list may be incomplete.");
        }

        return new DiscoveryResult(environments, kernels.Select(k => k.ToRegistered()).ToList(), warnings) { TimedOut = timedOut };
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Discovered {Environments} environments and {Kernels} kernelspecs in {Elapsed} (timed out: {TimedOut})")]
    private static partial void LogDiscovered(ILogger logger, int environments, int kernels, TimeSpan elapsed, bool timedOut);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Discovery did not return within {Timeout} plus margin; giving up")]
    private static partial void LogGaveUp(ILogger logger, TimeSpan timeout);
}

using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Sidecar.Hosting;

/// <summary>How much to log, and optionally a file that receives the same lines as stderr.</summary>
internal sealed record LoggingOptions(LogLevel Level, string? File = null);

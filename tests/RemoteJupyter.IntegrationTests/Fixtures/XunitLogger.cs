using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Writes log lines to a test's output (or any line sink), so a failing test shows what happened.</summary>
public sealed class XunitLogger(string categoryName, Action<string> writeLine) : ILogger
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private readonly string category = categoryName[(categoryName.LastIndexOf('.') + 1)..];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"[{Clock.Elapsed.TotalSeconds,8:0.000}] {Abbreviate(logLevel)} {category}: {formatter(state, exception)}";
        if (exception is not null)
        {
            line += Environment.NewLine + exception;
        }

        try
        {
            writeLine(line);
        }
        catch (InvalidOperationException)
        {
            // xunit refuses output once its test has finished; background logs (sshd's stderr) may arrive later.
        }
    }

    private static string Abbreviate(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Per-test logging into the test's output and a timeout so a hung remote never hangs the run.</summary>
public abstract class TestBase : IDisposable
{
    // Stepping through code in a debugger must not trip the timeout.
    private readonly CancellationTokenSource timeout =
        Debugger.IsAttached ? new CancellationTokenSource() : new CancellationTokenSource(TimeSpan.FromSeconds(60));

    protected TestBase(ITestOutputHelper output)
    {
        Output = output;
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new XunitLoggerProvider(output)));
        Logger = LoggerFactory.CreateLogger(GetType().Name);
    }

    protected ITestOutputHelper Output { get; }

    protected ILoggerFactory LoggerFactory { get; }

    protected ILogger Logger { get; }

    /// <summary>Cancelled after 60 s (never while a debugger is attached).</summary>
    protected CancellationToken TimeoutToken => timeout.Token;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            timeout.Dispose();
            LoggerFactory.Dispose();
        }
    }
}

using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Routes every logger of an <see cref="ILoggerFactory"/> to one test's output.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new XunitLogger(categoryName, output.WriteLine);

    public void Dispose()
    {
    }
}

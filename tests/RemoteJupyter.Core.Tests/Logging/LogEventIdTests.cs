using System.Reflection;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Core.Tests.Logging;

/// <summary>Event ids are how people filter and grep our logs: each one given must mean one thing.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Every_log_event_id_is_used_once()
    {
        var events = new[] { typeof(SshConnection).Assembly, typeof(RpcEndpoint).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is { EventId: >= 0 })
            .ToList();

        Assert.True(events.Count > 30, $"found only {events.Count} log events: the scan is broken");
        var duplicates = events
            .GroupBy(e => e.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method.DeclaringType!.Name + "." + e.Method.Name))}")
            .ToList();
        Assert.Empty(duplicates);
    }
}

using System.Text;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sources.Hub;

namespace RemoteJupyter.Core.Tests.Sources;

public sealed class HubProgressEventsTests
{
    [Fact]
    public async Task RecordedReadyStream_YieldsRisingPercentThenReady()
    {
        var events = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(HubRecordings.ProgressReady)));

        Assert.Equal([0, 50, 100], events.Select(e => e.Percent));
        Assert.Equal("Server requested", events[0].Message);
        Assert.True(events[^1].Ready);
        Assert.DoesNotContain(events, e => e.Failed);
    }

    [Fact]
    public async Task RecordedFailedStream_EndsWithTheHubsReason()
    {
        var events = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(HubRecordings.ProgressFailed)));

        Assert.True(events[^1].Failed);
        Assert.Equal("Spawn failed: asked to fail by the test", events[^1].Message);
    }

    [Fact]
    public async Task EachEvent_IsYieldedBeforeTheStreamEnds()
    {
        // The hub holds the stream open between events; an event must reach us without waiting for the next one.
        var pipe = new System.IO.Pipelines.Pipe();
        var reader = HubProgressEvents.ReadAsync(pipe.Reader.AsStream(), CancellationToken.None).GetAsyncEnumerator();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("\n\ndata: {\"progress\": 0, \"message\": \"Server requested\"}\n"));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("\n"));

        var first = reader.MoveNextAsync().AsTask();
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("Server requested", reader.Current.Message);

        // Keep-alive blank lines in between are no events.
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("\n\n\n\ndata: {\"progress\": 100, \"ready\": true,\ndata:  \"message\": \"ok\"}\n\n"));
        Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(reader.Current.Ready);
        Assert.Equal("ok", reader.Current.Message);

        await pipe.Writer.CompleteAsync();
        Assert.False(await reader.MoveNextAsync());
        await reader.DisposeAsync();
    }

    [Fact]
    public async Task OneByteAtATime_ParsesTheSame()
    {
        var events = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(HubRecordings.ProgressReady)));

        Assert.Equal([0, 50, 100], events.Select(e => e.Percent));
    }

    [Fact]
    public async Task BadJson_IsAnUnexpectedError()
    {
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() =>
            ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes("data: {not json\n\n"))));
        Assert.Equal(ErrorCode.Unexpected, ex.Code);
    }

    private static async Task<List<HubProgress>> ReadAllAsync(Stream stream)
    {
        var events = new List<HubProgress>();
        await foreach (var e in HubProgressEvents.ReadAsync(stream, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Hands out one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}

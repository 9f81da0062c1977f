namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// Notifications queued from any thread go out one after another, in the order they were queued, without the
/// queuing thread waiting (SSH.NET and reconnect threads must not block on the wire, nor wait for themselves).
/// </summary>
internal sealed class OrderedSends
{
    private readonly Lock gate = new();
    private Task tail = Task.CompletedTask;

    /// <summary>Completes once everything queued so far has been sent.</summary>
    public Task Drained
    {
        get
        {
            lock (gate)
            {
                return tail;
            }
        }
    }

    public void Enqueue(Func<Task> send)
    {
        lock (gate)
        {
            tail = tail.ContinueWith(_ => send(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }
}

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// An IProgress that reports inline. <see cref="Progress{T}"/> posts to the thread pool, which can
/// reorder reports; stages must reach the client in the order they happened.
/// </summary>
internal sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> report;

    public SynchronousProgress(Action<T> report) => this.report = report;

    public void Report(T value) => report(value);
}

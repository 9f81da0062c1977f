namespace RemoteJupyter.Core.Remote;

/// <summary>
/// An IProgress that reports inline. <see cref="Progress{T}"/> posts to the thread pool, which can
/// reorder reports; stages must reach the client in the order they happened.
/// </summary>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> report;

    /// <summary>Reports each value to <paramref name="report"/>, on the reporting thread.</summary>
    public SynchronousProgress(Action<T> report) => this.report = report;

    /// <inheritdoc/>
    public void Report(T value) => report(value);
}

namespace RemoteJupyter.Sidecar.Bench;

/// <summary>Measured values of one kind; percentiles by nearest rank.</summary>
internal sealed class Samples
{
    private readonly List<double> values = [];

    public int Count => values.Count;

    public void Add(double value) => values.Add(value);

    public void AddRange(Samples other) => values.AddRange(other.values);

    public double Median => Percentile(50);

    public double Percentile(double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

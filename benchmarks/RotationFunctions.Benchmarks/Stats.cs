namespace RotationFunctions.Benchmarks;

internal static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..100) of the values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>ours / baseline, or NaN when the baseline is zero or missing.</summary>
    public static double Ratio(double ours, double baseline) => baseline is 0 or double.NaN ? double.NaN : ours / baseline;
}

namespace LiveDesk.Bench.Accounting;

public sealed record LatencySummary(long Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted[^1], sorted.Average());
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double At(double[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

namespace RotationFunctions.Handover;

/// <summary>A span as a handover's note and log say it: "2.5 days", "3 hours", "45 minutes".</summary>
internal static class Durations
{
    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? Number(span.TotalDays, "0.#") + " days"
        : span.TotalHours >= 1 ? Number(span.TotalHours, "0.#") + " hours"
        : Number(span.TotalMinutes, "0") + " minutes";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

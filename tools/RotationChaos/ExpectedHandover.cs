using System.Globalization;

namespace RotationFunctions.Chaos;

/// <summary>
/// One boundary of one account as the checker judges it: the boundary as the schedule had it at its
/// instant (<see cref="Variants"/>[0]), then each different version an edit made while its handover
/// could still run (null: the boundary was gone). Before a step is first attempted the table is the
/// truth, so any one of the variants' texts may be posted, but only one of them, once.
/// </summary>
public sealed record ExpectedHandover(string AccountId, DateTimeOffset At, IReadOnlyList<ExpectedBoundary?> Variants)
{
    public static readonly string[] Steps = ["outro", "intro"];

    public string Key => At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    public string Id => $"{AccountId}/{Key}";

    /// <summary>The boundary as it was at its instant.</summary>
    public ExpectedBoundary AtInstant => Variants[0]!;

    /// <summary>An edit changed it while its handover could still run.</summary>
    public bool Edited => Variants.Count > 1;

    /// <summary>The texts the step may have been posted with: one per variant that posts it.</summary>
    public IReadOnlyList<string> Candidates(string step) =>
        [.. Variants.Select(v => v?.Posted(step)).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>Every variant posts the step: it must be on X (unless an outage decides otherwise).</summary>
    public bool Required(string step) => Variants.All(v => v?.Posted(step) is not null);
}

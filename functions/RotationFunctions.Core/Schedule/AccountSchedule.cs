namespace RotationFunctions.Schedule;

/// <summary>One account's slots in order, their derived ends, the boundaries between them, and the problems found in them.</summary>
public sealed class AccountSchedule
{
    public required AccountSettings Account { get; init; }
    public required IReadOnlyList<Slot> Slots { get; init; }
    public required IReadOnlyList<Boundary> Boundaries { get; init; }

    /// <summary>What was found wrong in the rows read for this account (the account row's own problems are on <see cref="AccountSettings"/>).</summary>
    public IReadOnlyList<ScheduleProblem> Problems { get; init; } = [];

    public IEnumerable<Boundary> BoundariesBetween(DateTimeOffset from, DateTimeOffset to) =>
        Boundaries.Where(b => b.At >= from && b.At <= to);

    public Boundary? BoundaryAt(DateTimeOffset at) => Boundaries.FirstOrDefault(b => b.At == at);
}

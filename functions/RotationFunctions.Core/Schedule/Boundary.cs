namespace RotationFunctions.Schedule;

/// <summary>
/// The instant one slot ends and/or another starts. A gap gives two boundaries: outro only, then intro only.
/// </summary>
public sealed record Boundary(string AccountId, DateTimeOffset At, Slot? Outgoing, Slot? Incoming)
{
    /// <summary>Sortable UTC key, also the Handovers table's RowKey.</summary>
    public string Key => At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Set when an involved slot overlaps another: nothing is posted until an admin fixes it.</summary>
    public string? HeldReason =>
        Outgoing is { Overlaps: true } ? $"slot {Outgoing.RowKey} overlaps another slot"
        : Incoming is { Overlaps: true } ? $"slot {Incoming.RowKey} overlaps another slot"
        : null;
}

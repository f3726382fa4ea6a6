namespace RotationFunctions.Schedule;

/// <summary>An account row as the pipeline uses it, after parsing and validation.</summary>
public sealed record AccountSettings
{
    public required string Id { get; init; }
    public string? XHandle { get; init; }
    public string? XUserId { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public required TimeOnly HandoverTime { get; init; }
    public required string Language { get; init; }
    public string? IntroTemplate { get; init; }
    public string? OutroTemplate { get; init; }
    public string? OutroTemplateNoSuccessor { get; init; }
    public bool Enabled { get; init; } = true;
    public bool DryRun { get; init; }

    /// <summary>How tweets refer to the organisation: its handle when known, else its id.</summary>
    public string DisplayName => string.IsNullOrEmpty(XHandle) ? Id : "@" + XHandle;
}

/// <summary>One curator slot, its start resolved to an instant. End is explicit or derived from the next slot.</summary>
public sealed record Slot
{
    public required string AccountId { get; init; }
    public required string RowKey { get; init; }
    public required DateOnly Date { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset? ExplicitEndsAt { get; init; }
    /// <summary>Explicit EndsAt, else the next slot's start, else null (open until a successor is added).</summary>
    public DateTimeOffset? EndsAt { get; init; }
    public string CuratorName { get; init; } = "";
    public string CuratorHandle { get; init; } = "";
    public string Role { get; init; } = "";
    public string? Topic { get; init; }
    public string? Language { get; init; }
    public bool Approved { get; init; }
    public string? IntroText { get; init; }
    public string? OutroText { get; init; }
    /// <summary>Errors in this row's own fields: its tweets are not posted until fixed.</summary>
    public bool HasErrors { get; init; }
    /// <summary>This slot overlaps another: handovers that involve it are held.</summary>
    public bool Overlaps { get; init; }
}

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

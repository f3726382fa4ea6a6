namespace RotationFunctions.Schedule;

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
    public string? CuratorEmail { get; init; }
    /// <summary>The curator's Bluesky handle (anna.bsky.social), without @; null: not mentioned on Bluesky.</summary>
    public string? CuratorBlueskyHandle { get; init; }
    /// <summary>The curator's Mastodon address (anna@mastodon.nu), without the leading @; null: not mentioned on Mastodon.</summary>
    public string? CuratorMastodonHandle { get; init; }
    public string? Language { get; init; }
    public bool Approved { get; init; }
    /// <summary>When the curator accepted the guidelines in the portal (AcceptedAt, written by the portal).</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
    /// <summary>Which text they accepted (GuidelinesVersion): an acceptance counts only for the guidelines as they are now.</summary>
    public string? AcceptedGuidelinesVersion { get; init; }
    public string? IntroText { get; init; }
    public string? OutroText { get; init; }
    /// <summary>Errors in this row's own fields: its tweets are not posted until fixed.</summary>
    public bool HasErrors { get; init; }
    /// <summary>This slot overlaps another: handovers that involve it are held.</summary>
    public bool Overlaps { get; init; }
}

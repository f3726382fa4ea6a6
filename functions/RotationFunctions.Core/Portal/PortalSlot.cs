using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>What the portal knows of an open link's slot when a request comes in.</summary>
public sealed record PortalSlot
{
    public required PortalLink Link { get; init; }
    public required AccountSettings Account { get; init; }
    public required Slot Slot { get; init; }
    public required PortalWindow Window { get; init; }

    /// <summary>The slot's language, else the account's: the portal's pages follow the tweets.</summary>
    public required string Language { get; init; }

    public required string Guidelines { get; init; }

    /// <summary>A hash of <see cref="Guidelines"/>: an acceptance counts only for the text that was shown.</summary>
    public required string GuidelinesVersion { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>The version the curator accepted (maybe an older text).</summary>
    public string? AcceptedVersion { get; init; }

    /// <summary>Accepted the guidelines as they are now, or the admin approved the curator by hand.</summary>
    public bool HasAccepted => AcceptedAt is not null && AcceptedVersion == GuidelinesVersion;

    public bool MayPost => HasAccepted || Slot.Approved;
}

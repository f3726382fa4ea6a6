namespace RotationFunctions.Portal;

/// <summary>What a presented link (or the session carrying it) is: <see cref="Slot"/> is set only when it is open.</summary>
public sealed record LinkResolution(LinkStatus Status, PortalSlot? Slot, string? Language = null)
{
    public static readonly LinkResolution NotFound = new(LinkStatus.NotFound, null);
}

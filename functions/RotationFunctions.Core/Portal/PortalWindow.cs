using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// When a slot's link may do what: accept the guidelines from issue until the slot ends; post from the
/// slot's start until its end plus the grace. A last slot with no end is capped at start + MaxSlotDays,
/// so a link never stays open for good because nobody added a successor.
/// </summary>
public sealed record PortalWindow(DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset PostUntil)
{
    public static PortalWindow For(Slot slot, int maxSlotDays, TimeSpan postGrace)
    {
        var cap = slot.StartsAt.AddDays(maxSlotDays);
        var end = slot.EndsAt is { } e && e < cap ? e : cap;
        return new PortalWindow(slot.StartsAt, end, end + postGrace);
    }

    public bool CanAccept(DateTimeOffset now) => now < EndsAt;

    public bool CanPost(DateTimeOffset now) => now >= StartsAt && now < PostUntil;

    /// <summary>Past everything the link can do: the curator sees "your week has ended".</summary>
    public bool HasEnded(DateTimeOffset now) => now >= PostUntil;
}

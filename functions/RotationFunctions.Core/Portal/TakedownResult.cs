namespace RotationFunctions.Portal;

/// <summary>
/// What became of a curator's delete of one post on every network it was posted to: <see cref="Outcome"/> is Failed when
/// any network failed (the others are deleted all the same; the same delete again finishes it), NotFound when the slot
/// has no such post, else Deleted (or AlreadyDeleted when nothing was left to take down).
/// </summary>
public sealed record TakedownResult(DeleteOutcome Outcome, IReadOnlyList<ChannelDeleteOutcome> Channels)
{
    public static readonly TakedownResult NotFound = new(DeleteOutcome.NotFound, []);
}

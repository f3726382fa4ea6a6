using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// What became of one ticked channel's post: <see cref="Kind"/> as for a whole post (Posted, AlreadyPosted, Failed,
/// InProgress, Checking, NotPosted…), the post's address there when posted, and whether trying again can help.
/// <see cref="Reason"/> is the kind of failure (never the network's message: it may quote the text).
/// </summary>
public sealed record ChannelPostOutcome(Channel Channel, PostOutcomeKind Kind, string? Url = null, bool Retryable = false, string? Reason = null)
{
    public bool IsPosted => Kind is PostOutcomeKind.Posted or PostOutcomeKind.AlreadyPosted;
}

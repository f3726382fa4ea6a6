namespace RotationFunctions.Handover;

/// <summary>
/// One step's state so far, as a Handovers row records it: <see cref="StepStatus"/>, the text, X's tweet id and
/// when. <see cref="AttemptedAt"/> is when the step was first claimed with its text; while
/// <see cref="StepStatus.Posting"/>, <see cref="Claim"/> names the worker's claim and <see cref="At"/> is when
/// it last said it was alive; pending again after an attempt, <see cref="At"/> is until when that attempt may
/// have posted (null: it cannot have).
/// </summary>
public sealed record StepRecord(string Status, string? Text, string? TweetId, DateTimeOffset? At, DateTimeOffset? AttemptedAt = null, string? Claim = null)
{
    /// <summary>A step that has not run: what validation and preview decide for.</summary>
    public static StepRecord None { get; } = new(StepStatus.Pending, null, null, null);

    /// <summary>
    /// Claimed with its text at least once and not ended: from then on the step posts that text and nothing
    /// else. A claim or a released text written before <see cref="AttemptedAt"/> existed counts too.
    /// </summary>
    public bool IsAttempted => !StepStatus.IsFinal(Status) && (AttemptedAt is not null || Text is not null);

    /// <summary>When the step was first tried: a tweet of its text older than this is not its own.</summary>
    public DateTimeOffset? FirstAttemptAt => IsAttempted ? AttemptedAt ?? At : null;

    /// <summary>
    /// Until when an earlier attempt may have posted the step: a claim's worker may post until its claim
    /// expires, a released attempt until it was released. Null when no attempt can have posted it.
    /// </summary>
    public DateTimeOffset? MayHavePostedUntil(TimeSpan claimTimeout) => Status switch
    {
        StepStatus.Posting => At + claimTimeout,
        StepStatus.Pending when IsAttempted => At,
        _ => null,
    };
}

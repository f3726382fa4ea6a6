namespace RotationFunctions.Handover;

/// <summary>
/// One step's state so far, as a Handovers row records it: <see cref="StepStatus"/>, the text, X's tweet id and
/// when; while <see cref="StepStatus.Posting"/>, <see cref="Claim"/> names the worker's claim and
/// <see cref="At"/> is when it last said it was alive.
/// </summary>
public sealed record StepRecord(string Status, string? Text, string? TweetId, DateTimeOffset? At, string? Claim = null)
{
    /// <summary>A step that has not run: what validation and preview decide for.</summary>
    public static StepRecord None { get; } = new(StepStatus.Pending, null, null, null);
}

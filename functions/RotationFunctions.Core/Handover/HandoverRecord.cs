using System.Reflection;

namespace RotationFunctions.Handover;

/// <summary>
/// One handover's state machine: PartitionKey = account, RowKey = boundary (UTC, sortable).
/// Each step is recorded here, ETag-guarded, before the next one starts.
/// </summary>
public sealed class HandoverRecord : TableRow
{
    public string Status { get; set; } = HandoverStatus.Planned;
    public DateTimeOffset BoundaryAt { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public DateTimeOffset? EnqueuedAt { get; set; }
    public string? OutgoingRowKey { get; set; }
    public string? OutgoingCurator { get; set; }
    public string? IncomingRowKey { get; set; }
    public string? IncomingCurator { get; set; }
    public string OutroStatus { get; set; } = StepStatus.Pending;
    public string? OutroText { get; set; }
    public string? OutroTweetId { get; set; }
    public DateTimeOffset? OutroAt { get; set; }
    public DateTimeOffset? OutroAttemptedAt { get; set; }
    public string? OutroClaim { get; set; }
    public string IntroStatus { get; set; } = StepStatus.Pending;
    public string? IntroText { get; set; }
    public string? IntroTweetId { get; set; }
    public DateTimeOffset? IntroAt { get; set; }
    public DateTimeOffset? IntroAttemptedAt { get; set; }
    public string? IntroClaim { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Deliveries { get; set; }
    /// <summary>Why the handover or a step is not what it was planned to be, in words.</summary>
    public string? Note { get; set; }

    public string HandoverId => $"{PartitionKey}/{RowKey}";

    /// <summary>The step's state so far, as <see cref="HandoverStep.Decide"/> reads it.</summary>
    public StepRecord Step(StepKind kind) => kind == StepKind.Intro
        ? new StepRecord(IntroStatus, IntroText, IntroTweetId, IntroAt, IntroAttemptedAt, IntroClaim)
        : new StepRecord(OutroStatus, OutroText, OutroTweetId, OutroAt, OutroAttemptedAt, OutroClaim);

    public void SetStep(StepKind kind, StepRecord step)
    {
        if (kind == StepKind.Intro)
        {
            (IntroStatus, IntroText, IntroTweetId, IntroAt, IntroAttemptedAt, IntroClaim) = (step.Status, step.Text, step.TweetId, step.At, step.AttemptedAt, step.Claim);
        }
        else
        {
            (OutroStatus, OutroText, OutroTweetId, OutroAt, OutroAttemptedAt, OutroClaim) = (step.Status, step.Text, step.TweetId, step.At, step.AttemptedAt, step.Claim);
        }
    }

    /// <summary>
    /// The step a worker holds now and until when (its claim's last sign of life plus
    /// <paramref name="claimTimeout"/>); null when no step is claimed at <paramref name="now"/>.
    /// </summary>
    public (StepKind Step, DateTimeOffset Until)? Claimed(DateTimeOffset now, TimeSpan claimTimeout)
    {
        foreach (var kind in Enum.GetValues<StepKind>())
        {
            if (Step(kind) is { Status: StepStatus.Posting, At: { } at } && at + claimTimeout > now)
            {
                return (kind, at + claimTimeout);
            }
        }
        return null;
    }

    /// <summary>
    /// Takes every column of <paramref name="other"/>, its ETag included: the row read again after a 412
    /// replaces what this worker held. By reflection, so a column added later cannot be forgotten here.
    /// </summary>
    public void CopyFrom(HandoverRecord other)
    {
        foreach (var column in Columns)
        {
            column.SetValue(this, column.GetValue(other));
        }
    }

    private static readonly PropertyInfo[] Columns =
        [.. typeof(HandoverRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p is { CanRead: true, CanWrite: true })];
}

using Azure;
using Azure.Data.Tables;

namespace RotationFunctions.Handover;

/// <summary>
/// One handover's state machine: PartitionKey = account, RowKey = boundary (UTC, sortable).
/// Each step is recorded here, ETag-guarded, before the next one starts.
/// </summary>
public sealed class HandoverRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

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
    public string IntroStatus { get; set; } = StepStatus.Pending;
    public string? IntroText { get; set; }
    public string? IntroTweetId { get; set; }
    public DateTimeOffset? IntroAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Deliveries { get; set; }
    /// <summary>Why the handover or a step is not what it was planned to be, in words.</summary>
    public string? Note { get; set; }

    public string HandoverId => $"{PartitionKey}/{RowKey}";

    /// <summary>The step's state so far, as <see cref="HandoverStep.Decide"/> reads it.</summary>
    public StepRecord Step(StepKind kind) => kind == StepKind.Intro
        ? new StepRecord(IntroStatus, IntroText, IntroTweetId, IntroAt)
        : new StepRecord(OutroStatus, OutroText, OutroTweetId, OutroAt);

    public void SetStep(StepKind kind, StepRecord step)
    {
        if (kind == StepKind.Intro)
        {
            (IntroStatus, IntroText, IntroTweetId, IntroAt) = (step.Status, step.Text, step.TweetId, step.At);
        }
        else
        {
            (OutroStatus, OutroText, OutroTweetId, OutroAt) = (step.Status, step.Text, step.TweetId, step.At);
        }
    }
}

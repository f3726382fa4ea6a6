using Azure;
using Azure.Data.Tables;

namespace RotationFunctions.Handover;

/// <summary>Status of one handover (a row of the Handovers table).</summary>
public static class HandoverStatus
{
    public const string Planned = "planned";
    public const string Held = "held";
    public const string Done = "done";
    public const string Obsolete = "obsolete";
    public const string Missed = "missed";
    public const string Failed = "failed";

    public static bool IsFinal(string? status) => status is Done or Obsolete or Missed or Failed;
}

/// <summary>Status of one step (outro or intro).</summary>
public static class StepStatus
{
    public const string Pending = "pending";
    /// <summary>A worker is posting it now; others leave it alone until the claim times out.</summary>
    public const string Posting = "posting";
    public const string Posted = "posted";
    public const string Skipped = "skipped";
    public const string DryRun = "dryrun";
    public const string Blocked = "blocked";
    public const string Failed = "failed";

    public static bool IsFinal(string? status) => status is Posted or Skipped or DryRun or Blocked or Failed;
}

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
}

namespace RotationFunctions.Notices;

/// <summary>
/// One notice's state machine: PartitionKey = account, RowKey = "{slot RowKey or boundary UTC}|{kind}". Claimed
/// (ETag) before it is sent and recorded after, so a second delivery of its message sends nothing.
/// </summary>
public sealed class NoticeRecord : TableRow
{
    public string Kind { get; set; } = "";
    /// <summary>The slot a curator notice (and a not-accepted notice) is about.</summary>
    public string? SlotRowKey { get; set; }
    /// <summary>The handover a handover notice is about.</summary>
    public DateTimeOffset? BoundaryAt { get; set; }
    public string Status { get; set; } = NoticeStatus.Pending;
    /// <summary>Not sent before this.</summary>
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Not sent after this: the notice is recorded missed instead.</summary>
    public DateTimeOffset WindowEndsAt { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public DateTimeOffset? EnqueuedAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>When a worker last began sending it (the claim).</summary>
    public DateTimeOffset? SendingAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Who it went to, comma-separated, as of the last attempt.</summary>
    public string? Recipients { get; set; }
    public string? Subject { get; set; }
    public string? MessageId { get; set; }
    /// <summary>When the e-mail went (an admin notice retried for its Teams card does not send it again).</summary>
    public DateTimeOffset? MailSentAt { get; set; }
    /// <summary>An admin notice's Teams card: null until tried, then a <see cref="Teams.TeamsPost"/> name (Posted, NoWebhook, Refused).</summary>
    public string? TeamsStatus { get; set; }
    /// <summary>Why it failed, was missed or skipped, or what the last attempt met; never a link.</summary>
    public string? Error { get; set; }

    /// <summary>When the curator's address was removed from the row, its retention after the slot having passed.</summary>
    public DateTimeOffset? PersonalDataRemovedAt { get; set; }

    public string NoticeId => $"{PartitionKey}/{RowKey}";

    public static string Key(string subject, string kind) => $"{subject}|{kind}";
}

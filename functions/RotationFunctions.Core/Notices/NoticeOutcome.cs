namespace RotationFunctions.Notices;

public enum NoticeOutcome
{
    Sent,
    /// <summary>The row had already ended (sent, failed, missed, skipped): a second delivery sends nothing.</summary>
    AlreadyFinal,
    NotYetDue,
    /// <summary>A copy of the message comes back later (a relay outage, another worker sending it).</summary>
    Deferred,
    Missed,
    Skipped,
    Failed,
    Malformed,
    /// <summary>The row is gone (deleted by hand): nothing to send.</summary>
    Gone,
}

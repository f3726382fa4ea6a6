namespace RotationFunctions.Notices;

/// <summary>A notice's state: pending → sending → sent, or failed, missed (its window passed unsent) or skipped (no longer needed).</summary>
public static class NoticeStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Missed = "missed";
    public const string Skipped = "skipped";

    public static bool IsFinal(string status) => status is Sent or Failed or Missed or Skipped;
}

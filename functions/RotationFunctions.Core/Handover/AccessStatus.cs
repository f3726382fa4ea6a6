namespace RotationFunctions.Handover;

/// <summary>Status of a curator-access step of a handover (a Bluesky app password revoked or made).</summary>
public static class AccessStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}

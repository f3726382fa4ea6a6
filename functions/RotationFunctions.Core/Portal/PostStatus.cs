namespace RotationFunctions.Portal;

/// <summary>Where a portal post is. Stored as text in the Posts row.</summary>
public static class PostStatus
{
    /// <summary>Claimed by a request that is posting it now (or died doing so: its retry looks for the text on X first).</summary>
    public const string Claimed = "claimed";
    public const string Posted = "posted";
    /// <summary>X refused or failed; the same post id may be tried again.</summary>
    public const string Failed = "failed";
    /// <summary>Taken down from X: by the curator, or by an admin with a reason (<see cref="PostRecord.DeletedBy"/>).</summary>
    public const string Deleted = "deleted";
}

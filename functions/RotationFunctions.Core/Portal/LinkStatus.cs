namespace RotationFunctions.Portal;

public enum LinkStatus
{
    /// <summary>Never issued (wrong MAC, unknown slot or account, a generation not yet issued): a neutral 404.</summary>
    NotFound,
    /// <summary>Issued, but revoked, superseded by a newer generation, or past its window: "your week has ended".</summary>
    Ended,
    /// <summary>Valid now.</summary>
    Open,
}

namespace RotationFunctions.Portal;

/// <summary>What became of a request to take a post down.</summary>
public enum DeleteOutcome
{
    Deleted,
    /// <summary>The network has no such post of the account any more: nothing was changed.</summary>
    AlreadyDeleted,
    /// <summary>No post of this curator's slot with that id (a forged or stale form): nothing was asked of any network.</summary>
    NotFound,
    /// <summary>The network refused or failed; the post may still be there. Trying again is safe.</summary>
    Failed,
}

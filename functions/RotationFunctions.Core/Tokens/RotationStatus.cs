namespace RotationFunctions.Tokens;

public enum RotationStatus
{
    /// <summary>Refreshed and stored as a new secret version.</summary>
    Rotated,
    /// <summary>The token is fresh (maybe because another process just rotated it): nothing to do.</summary>
    NotDue,
    /// <summary>No bundle in Key Vault: the account was never authorized.</summary>
    NotAuthorized,
    /// <summary>The account was already marked broken: skipped without calling X, until re-authorized.</summary>
    SkippedBroken,
    /// <summary>This run found the chain broken (X refused the refresh token, or the new bundle could not be stored).</summary>
    ChainBroken,
    /// <summary>A failure a later run may get past (X or Storage unavailable, lease held too long).</summary>
    Failed,
    /// <summary>Not started, or stopped before anything was spent: the run's budget ran out or the host is stopping. The next run takes it first if it is the most urgent.</summary>
    Deferred,
}

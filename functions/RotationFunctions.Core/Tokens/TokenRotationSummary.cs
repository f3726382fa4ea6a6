namespace RotationFunctions.Tokens;

/// <summary>What one rotation run did, per account.</summary>
public sealed record TokenRotationSummary(IReadOnlyList<RotationOutcome> Accounts)
{
    public int Rotated => Accounts.Count(a => a.Status == RotationStatus.Rotated);
    public int Skipped => Accounts.Count(a => a.Status is RotationStatus.NotDue or RotationStatus.NotAuthorized or RotationStatus.SkippedBroken);
    public int Failed => Accounts.Count(a => a.Status is RotationStatus.ChainBroken or RotationStatus.Failed);
    public int Deferred => Accounts.Count(a => a.Status == RotationStatus.Deferred);
}

namespace RotationFunctions.Handover;

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

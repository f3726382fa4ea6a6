namespace RotationFunctions.Handover;

/// <summary>Status of one handover (a row of the Handovers table).</summary>
public static class HandoverStatus
{
    public const string Planned = "planned";
    public const string Held = "held";
    public const string Done = "done";
    public const string Obsolete = "obsolete";
    public const string Missed = "missed";
    public const string Failed = "failed";

    public static bool IsFinal(string? status) => status is Done or Obsolete or Missed or Failed;
}

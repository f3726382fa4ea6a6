namespace RotationFunctions.Handover;

/// <summary>Where a step posts. Each handover step runs once per channel (X only so far; DESIGN.md "More networks").</summary>
public enum Channel
{
    X,
}

namespace RotationFunctions.Handover;

/// <summary>The steps of a handover, in the order they run: the outgoing curator's goodbye, then the incoming one's hello.</summary>
public enum StepKind
{
    Outro,
    Intro,
}

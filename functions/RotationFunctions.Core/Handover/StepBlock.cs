namespace RotationFunctions.Handover;

/// <summary>One reason a step is not posted, in words an admin can act on.</summary>
public sealed record StepBlock(StepBlockKind Kind, string Message);

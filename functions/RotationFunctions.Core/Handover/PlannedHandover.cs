namespace RotationFunctions.Handover;

public sealed record PlannedHandover(string HandoverId, DateTimeOffset At, PlanAction Action, string? Outgoing, string? Incoming);

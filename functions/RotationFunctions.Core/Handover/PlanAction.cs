namespace RotationFunctions.Handover;

public enum PlanAction
{
    Planned,
    Reenqueued,
    Missed,
    Held,
    Released,
    /// <summary>A row no message will ever come for (never sent, or held) whose boundary left the schedule.</summary>
    Obsolete,
}

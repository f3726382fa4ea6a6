namespace RotationFunctions.Handover;

/// <summary>Why a step is blocked, by whose check it is reported.</summary>
public enum StepBlockKind
{
    /// <summary>The slot's row has errors; the schedule's checks report them.</summary>
    RowHasErrors,

    /// <summary>The incoming curator has not accepted the guidelines; the schedule's approval check reports it.</summary>
    NotApproved,

    /// <summary>The text itself (a value missing, empty, too long, a stranger mentioned); <see cref="HandoverChecks"/> reports it.</summary>
    Text,
}

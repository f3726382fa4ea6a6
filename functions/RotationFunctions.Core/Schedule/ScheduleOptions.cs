namespace RotationFunctions.Schedule;

public sealed class ScheduleOptions
{
    public const string Section = "Schedule";

    /// <summary>A slot longer than this is an error; it also bounds how far back the planner reads.</summary>
    [Range(1, 366)]
    public int MaxSlotDays { get; set; } = 31;

    /// <summary>Handover time of day for accounts that do not set HandoverTime.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")]
    public string DefaultHandoverTime { get; set; } = "08:00";

    /// <summary>
    /// How long into a slot its intro waits for a curator who has not accepted the guidelines; accepted by then, the
    /// intro is posted at once, else it is skipped with the reason. Zero: skipped at the boundary.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan AcceptanceWait { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a waiting intro looks for the acceptance again: each look is one queue delivery.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "06:00:00")]
    public TimeSpan AcceptancePoll { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>From how long before a slot's start a curator who has not accepted is a warning of validate (and the admins' notice).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "31.00:00:00")]
    public TimeSpan AcceptanceWarning { get; set; } = TimeSpan.FromDays(2);
}

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
}

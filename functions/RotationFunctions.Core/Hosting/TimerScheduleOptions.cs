using NCrontab;

namespace RotationFunctions.Hosting;

/// <summary>
/// The timer schedules, as the Functions host reads them (%PlanSchedule%, %RotateTokensSchedule%):
/// NCrontab expressions with seconds. Checked at start so a typo stops the app, not the rotation.
/// </summary>
public sealed class TimerScheduleOptions : IValidatableObject
{
    [Required(ErrorMessage = "Set the PlanSchedule app setting, e.g. \"0 */5 * * * *\".")]
    public string PlanSchedule { get; set; } = "0 */5 * * * *";

    [Required(ErrorMessage = "Set the RotateTokensSchedule app setting, e.g. \"0 */15 * * * *\".")]
    public string RotateTokensSchedule { get; set; } = "0 */15 * * * *";

    public CrontabSchedule Plan => Parse(PlanSchedule);
    public CrontabSchedule RotateTokens => Parse(RotateTokensSchedule);

    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(PlanSchedule), PlanSchedule), (nameof(RotateTokensSchedule), RotateTokensSchedule) })
        {
            if (CrontabSchedule.TryParse(value ?? "", new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
            {
                yield return new ValidationResult($"{name} '{value}' is not a 6-field NCrontab expression (second minute hour day month weekday), e.g. \"0 */5 * * * *\".", [name]);
            }
        }
    }
}

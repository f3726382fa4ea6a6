namespace RotationFunctions.Schedule;

public enum Severity
{
    Warning,
    Error,
}

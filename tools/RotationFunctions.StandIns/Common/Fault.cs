namespace RotationFunctions.StandIns.Common;

/// <summary>A fault for the stand-ins' fault injection.</summary>
public sealed record Fault(FaultKind Kind, int StatusCode = 0, TimeSpan? RetryAfter = null)
{
    public static Fault TooManyRequests(TimeSpan? retryAfter = null) => new(FaultKind.Status, 429, retryAfter ?? TimeSpan.Zero);

    public static Fault InternalServerError() => new(FaultKind.Status, 500);

    public static Fault ServiceUnavailable(TimeSpan? retryAfter = null) => new(FaultKind.Status, 503, retryAfter);

    public static Fault WithStatus(int statusCode, TimeSpan? retryAfter = null) => new(FaultKind.Status, statusCode, retryAfter);

    public static Fault Hang() => new(FaultKind.Hang);

    public static Fault DropConnection() => new(FaultKind.DropConnection);
}

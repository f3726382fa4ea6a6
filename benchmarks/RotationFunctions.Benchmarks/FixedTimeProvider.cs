namespace RotationFunctions.Benchmarks;

/// <summary>A clock that stands still at one instant (the planner benchmark plans "as of" a fixed time).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// The clock of a stand-in test: its own <see cref="FakeTimeProvider"/> (xUnit makes an instance per test),
/// at the same <see cref="Start"/>, a Monday 07:00 UTC, in every stand-in test.
/// </summary>
public abstract class StandInTestBase
{
    protected static readonly DateTimeOffset Start = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);
}

namespace RotationFunctions.Benchmarks;

/// <summary>
/// The real clock moved by an offset that can be set once the run knows when its boundary should fall
/// (the burst benchmark puts "Monday 08:00" a few real seconds ahead). Only ever moved forward.
/// </summary>
internal sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

namespace RotationFunctions.Chaos;

/// <summary>A TimeProvider that forwards to another one, switched between runs.</summary>
public sealed class SwitchableTimeProvider : TimeProvider
{
    private TimeProvider _current = System;

    public TimeProvider Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public override DateTimeOffset GetUtcNow() => Current.GetUtcNow();
    public override long GetTimestamp() => Current.GetTimestamp();
    public override long TimestampFrequency => Current.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Current.LocalTimeZone;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Current.CreateTimer(callback, state, dueTime, period);
}

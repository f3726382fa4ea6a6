namespace RotationFunctions.Local;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than the wall clock from a chosen start, so
/// weeks of handovers play in seconds through the same TimeProvider-driven code, not through sleeps.
/// Around chosen instants (the handovers) it slows to <see cref="SlowSpeed"/>, so a few
/// milliseconds of real work do not show up as hours of simulated lateness.
/// Timers and delays made from it are shortened by the speed at the time they are made.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset From, DateTimeOffset To)> _slow;
    private long _anchorTimestamp = System.GetTimestamp();
    private DateTimeOffset _anchor;
    private double _speed;
    private bool _running;

    public AcceleratedTimeProvider(DateTimeOffset start, double speed, double slowSpeed = 1.0, IEnumerable<(DateTimeOffset From, DateTimeOffset To)>? slowWindows = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(slowSpeed, 1.0);
        _anchor = start;
        Speed = speed;
        SlowSpeed = slowSpeed;
        _slow = [.. (slowWindows ?? []).OrderBy(w => w.From)];
        _speed = SpeedAt(start);
    }

    public double Speed { get; }
    public double SlowSpeed { get; }

    /// <summary>Starts the clock; until then it stands at the start, so set-up time is not simulated hours.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _anchorTimestamp = System.GetTimestamp();
            _running = true;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            if (!_running)
            {
                return _anchor;
            }
            // Integrate piecewise: at each window edge passed since the anchor, move the anchor and change speed.
            while (true)
            {
                var real = System.GetElapsedTime(_anchorTimestamp);
                var simulated = _anchor + TimeSpan.FromTicks((long)(real.Ticks * _speed));
                if (NextEdgeAfter(_anchor) is not { } edge || simulated < edge)
                {
                    return simulated;
                }
                _anchorTimestamp += (long)((edge - _anchor).Ticks / _speed * Frequency / TimeSpan.TicksPerSecond);
                _anchor = edge;
                _speed = SpeedAt(edge);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new SimulatedTimer(this, callback, state, dueTime, period);

    /// <summary>Real span for a simulated one at the current speed (infinite stays infinite).</summary>
    public TimeSpan ToReal(TimeSpan simulated)
    {
        if (simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero)
        {
            return simulated;
        }
        GetUtcNow(); // bring the speed up to date
        double speed;
        lock (_gate)
        {
            speed = _speed;
        }
        return TimeSpan.FromTicks(Math.Max(1, (long)(simulated.Ticks / speed)));
    }

    private static long Frequency => System.TimestampFrequency;

    private double SpeedAt(DateTimeOffset instant) => _slow.Exists(w => w.From <= instant && instant < w.To) ? SlowSpeed : Speed;

    private DateTimeOffset? NextEdgeAfter(DateTimeOffset instant)
    {
        DateTimeOffset? next = null;
        foreach (var (from, to) in _slow)
        {
            foreach (var edge in new[] { from, to })
            {
                if (edge > instant && (next is null || edge < next))
                {
                    next = edge;
                }
            }
        }
        return next;
    }

    /// <summary>
    /// Fires when the simulated clock reaches its due time. It re-checks at short real intervals,
    /// because the speed may change (slow windows) between arming and firing.
    /// </summary>
    private sealed class SimulatedTimer : ITimer
    {
        private static readonly TimeSpan MaxRealWait = TimeSpan.FromMilliseconds(25);
        private readonly AcceleratedTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _real;
        private readonly Lock _gate = new();
        private DateTimeOffset? _due;
        private TimeSpan _period;

        public SimulatedTimer(AcceleratedTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _real = System.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _period = period;
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                Arm();
            }
            return true;
        }

        private void Arm()
        {
            if (_due is not { } due)
            {
                _real.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
            var wait = _clock.ToReal(due - _clock.GetUtcNow());
            _real.Change(wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < MaxRealWait ? wait : MaxRealWait, Timeout.InfiniteTimeSpan);
        }

        private void Tick()
        {
            lock (_gate)
            {
                if (_due is not { } due)
                {
                    return;
                }
                if (_clock.GetUtcNow() < due)
                {
                    Arm();
                    return;
                }
                _due = _period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero ? null : due + _period;
                Arm();
            }
            _callback(_state);
        }

        public void Dispose() => _real.Dispose();

        public ValueTask DisposeAsync() => _real.DisposeAsync();
    }
}

using System.Globalization;

namespace RotationFunctions.Local;

/// <summary>Prints what the pipeline does as a readable timeline, stamped with the (simulated) local time.</summary>
internal sealed class Timeline(TimeProvider time, TimeZoneInfo zone, TextWriter output)
{
    private readonly Lock _gate = new();

    public TimeZoneInfo Zone => zone;

    public string Stamp(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public void Write(string text)
    {
        lock (_gate)
        {
            output.WriteLine($"{Stamp(time.GetUtcNow())}  {text}");
        }
    }

    public void Plain(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
        }
    }
}

/// <summary>
/// Routes log records into the timeline: the handover worker's story (its posts on each network, the app passwords
/// handed over) at Information, everything
/// else only when it is a warning or worse (a Critical "token chain broken" among them).
/// </summary>
internal sealed class TimelineLoggerProvider(Timeline timeline) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TimelineLogger(categoryName, timeline);

    public void Dispose()
    {
    }

    private sealed class TimelineLogger(string category, Timeline timeline) : ILogger
    {
        private readonly LogLevel _minimum =
            category.StartsWith("RotationFunctions.Handover.HandoverProcessor", StringComparison.Ordinal)
                || category.StartsWith("RotationFunctions.Handover.CuratorAccessStep", StringComparison.Ordinal) ? LogLevel.Information
            : category.StartsWith("RotationFunctions.", StringComparison.Ordinal) ? LogLevel.Warning
            : LogLevel.Error;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var marker = logLevel switch
            {
                LogLevel.Critical => "CRITICAL ",
                LogLevel.Error => "ERROR ",
                LogLevel.Warning => "warning ",
                _ => "",
            };
            // Exceptions by type and message only: the timeline is for people, and messages carry no secrets.
            var suffix = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
            timeline.Write($"{marker}{formatter(state, exception)}{suffix}");
        }
    }
}

using Microsoft.Extensions.Logging.Testing;

namespace RotationFunctions.Chaos;

/// <summary>
/// One seed's trace (printed for a failing seed with --trace): a line per step, fault, edit and
/// crash, and the core's warnings and errors, which a <see cref="FakeLogCollector"/> hands over as
/// they are logged. Each line is stamped with the fake clock and the process generation.
/// </summary>
internal sealed class ChaosTrace
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly TimeProvider _time;

    public ChaosTrace(TimeProvider time, bool enabled)
    {
        _time = time;
        if (enabled)
        {
            Logs = new FakeLoggerProvider(FakeLogCollector.Create(new FakeLogCollectorOptions
            {
                TimeProvider = time,
                OutputSink = Write,
                OutputFormatter = record => $"  {record.Level} {ShortName(record.Category)}: {FirstLine(record.Message)}",
            }));
        }
    }

    /// <summary>The core's logs for every process of the run (the host logs warnings and up); null when not tracing.</summary>
    public ILoggerProvider? Logs { get; }

    /// <summary>The generation of the process now running (0 before the first starts).</summary>
    public int Generation { get; set; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(string line)
    {
        if (Logs is null)
        {
            return;
        }
        lock (_gate)
        {
            _lines.Add($"{_time.GetUtcNow():yyyy-MM-dd HH:mm:ss}Z g{Generation} {line}");
        }
    }

    public static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static string ShortName(string? category) => category is null ? "" : category[(category.LastIndexOf('.') + 1)..];
}

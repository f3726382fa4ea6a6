using System.Text;
using System.Text.RegularExpressions;

namespace RotationFunctions.Tests.Infrastructure;

/// <summary>A writer a command or host writes to while the test reads it, and waits for what it prints.</summary>
internal sealed class CapturingWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    /// <summary>The first match of <paramref name="pattern"/> in what was written, once it appears within <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (pattern.Match(Text) is { Success: true } match)
            {
                return match;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing matched {pattern} within {timeout}:\n{Text}");
    }
}

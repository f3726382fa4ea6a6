namespace RotationFunctions.Text;

/// <summary>
/// RFC 3492 Punycode, exactly as the punycode.js that twitter-text calls: no IDNA mapping or
/// validation. <see cref="System.Globalization.IdnMapping"/> is not a substitute: it lower-cases,
/// rejects emoji labels and throws where twitter-text simply measures.
/// </summary>
internal static class Punycode
{
    private const int Base = 36;
    private const int TMin = 1;
    private const int TMax = 26;
    private const int Skew = 38;
    private const int Damp = 700;
    private const int InitialBias = 72;
    private const int InitialN = 128;

    /// <summary>Length of punycode.js <c>toASCII(label)</c>: what a DNS label limit of 63 is checked against.</summary>
    public static int AsciiLength(string label)
    {
        // punycode.js treats the ideographic and full-width full stops as dots, and encodes
        // each dot-separated part on its own.
        var parts = label.Split(['.', '\u3002', '\uFF0E', '\uFF61']);
        var length = parts.Length - 1;
        foreach (var part in parts)
        {
            length += part.Any(c => c > '\u007E') ? "xn--".Length + Encode(part).Length : part.Length;
        }

        return length;
    }

    public static string Encode(string input)
    {
        var codePoints = ToCodePoints(input);
        var output = new StringBuilder();
        foreach (var codePoint in codePoints)
        {
            if (codePoint < 0x80)
            {
                output.Append((char)codePoint);
            }
        }

        var basicLength = output.Length;
        var handled = basicLength;
        if (basicLength > 0)
        {
            output.Append('-');
        }

        long n = InitialN;
        long delta = 0;
        var bias = InitialBias;
        while (handled < codePoints.Count)
        {
            var next = codePoints.Where(c => c >= n).Min();
            delta += (next - n) * (handled + 1);
            n = next;
            foreach (var codePoint in codePoints)
            {
                if (codePoint < n)
                {
                    delta++;
                }
                else if (codePoint == n)
                {
                    AppendVariableLength(output, delta, bias);
                    bias = Adapt(delta, handled + 1, handled == basicLength);
                    delta = 0;
                    handled++;
                }
            }

            delta++;
            n++;
        }

        return output.ToString();
    }

    private static void AppendVariableLength(StringBuilder output, long delta, int bias)
    {
        var q = delta;
        for (var k = Base; ; k += Base)
        {
            var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
            if (q < t)
            {
                break;
            }

            output.Append(Digit(t + ((q - t) % (Base - t))));
            q = (q - t) / (Base - t);
        }

        output.Append(Digit(q));
    }

    private static int Adapt(long delta, int pointCount, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / pointCount;
        var k = 0;
        while (delta > (Base - TMin) * TMax / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return (int)(k + ((Base - TMin + 1) * delta / (delta + Skew)));
    }

    private static char Digit(long value) => (char)(value < 26 ? 'a' + value : '0' + value - 26);

    /// <summary>Code points as punycode.js's ucs2decode sees them: a lone surrogate stays one unit.</summary>
    private static List<int> ToCodePoints(string input)
    {
        var codePoints = new List<int>(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (Rune.TryGetRuneAt(input, i, out var rune))
            {
                codePoints.Add(rune.Value);
                i += rune.Utf16SequenceLength - 1;
            }
            else
            {
                codePoints.Add(input[i]);
            }
        }

        return codePoints;
    }
}

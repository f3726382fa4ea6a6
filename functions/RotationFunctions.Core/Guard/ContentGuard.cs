using System.Text.RegularExpressions;
using PhoneNumbers;

namespace RotationFunctions.Guard;

/// <summary>
/// Checks a text before anything is posted (portal posts, intros, outros) for what must never reach a
/// public account of a hospital: Swedish personal identity and co-ordination numbers, phone numbers, and
/// the account's blocked terms. It errs towards blocking what is really there and letting look-alikes
/// pass (dates, times, amounts, numbers failing the check digit, 1177, 112, 114 14), so curators trust it.
/// </summary>
public static partial class ContentGuard
{
    public static GuardResult Check(string text, GuardRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        rules ??= GuardRules.None;
        var normalized = NormalizedText.Of(text);
        var found = new List<Hit>();
        found.AddRange(PersonalNumbers(normalized.Value));
        foreach (var phone in PhoneNumbers(normalized.Value, rules))
        {
            // A personnummer can also read as a phone number (070315-1234); it is reported once, as the more specific.
            if (!found.Any(f => Overlaps(f.Index, f.Length, phone.Index, phone.Length)))
            {
                found.Add(phone);
            }
        }
        found.AddRange(Terms(normalized.Value, rules));
        return new GuardResult([.. found
            .Select(f =>
            {
                var (index, length) = normalized.Original(f.Index, f.Length);
                return new GuardFinding(f.Kind, index, length);
            })
            .OrderBy(f => f.Index)
            .ThenBy(f => f.Kind)]);
    }

    private readonly record struct Hit(GuardFindingKind Kind, int Index, int Length);

    private static bool Overlaps(int a, int aLength, int b, int bLength) => a < b + bLength && b < a + aLength;

    /// <summary>
    /// YYMMDD or YYYYMMDD, then '-', '+' (over 100 years old), an en dash, a space or nothing, then NNNC:
    /// the form Skatteverket prints (SKV 704), and the ways people type it. A real date and the Luhn
    /// check digit make it one; day + 60 is a samordningsnummer (SKV 707).
    /// </summary>
    private static IEnumerable<Hit> PersonalNumbers(string text)
    {
        foreach (Match m in PersonalNumberPattern().Matches(text))
        {
            var date = m.Groups["date"].Value;
            var tail = m.Groups["tail"].Value;
            if (Classify(date, tail) is { } kind)
            {
                yield return new Hit(kind, m.Index, m.Length);
            }
        }
    }

    internal static GuardFindingKind? Classify(string date, string tail)
    {
        var shortDate = date[^6..];
        if (!Luhn(shortDate + tail))
        {
            return null;
        }
        var month = int.Parse(shortDate.AsSpan(2, 2), System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(shortDate.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture);
        var kind = GuardFindingKind.Personnummer;
        if (day > 60)
        {
            kind = GuardFindingKind.Samordningsnummer;
            day -= 60;
        }
        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }
        var yy = int.Parse(shortDate.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        int[] centuries = date.Length == 8
            ? [int.Parse(date.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture)]
            : [18, 19, 20];
        // Ten digits do not say the century; a date real in any of them counts (29 February included).
        return centuries.Any(c => c is >= 18 and <= 20 && day <= DateTime.DaysInMonth(c * 100 + yy, month)) ? kind : null;
    }

    internal static bool Luhn(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < tenDigits.Length; i++)
        {
            var d = (tenDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return sum % 10 == 0;
    }

    /// <summary>
    /// Numbers libphonenumber calls valid, written as people dial them: with a + or 00 country code (any
    /// country), or nationally with Sweden's trunk 0 (070-123 45 67, 08-123 456 78). Without either, digits
    /// are a year, an amount or a postcode far more often than a number, and service numbers (112, 1177,
    /// 114 14) are short numbers a valid full number never is. Opening hours (08.00–16.30) read as a
    /// Stockholm number too, and are everywhere in a hospital's posts.
    /// </summary>
    private static IEnumerable<Hit> PhoneNumbers(string text, GuardRules rules)
    {
        foreach (var match in PhoneNumberUtil.GetInstance().FindNumbers(text, "SE", PhoneNumberUtil.Leniency.VALID, long.MaxValue))
        {
            var raw = match.RawString.TrimStart('(', ' ');
            if (!(raw.StartsWith('+') || raw.StartsWith('0')) || TimeRangePattern().IsMatch(raw) || rules.Allows(match.Number))
            {
                continue;
            }
            yield return new Hit(GuardFindingKind.Phone, match.Start, match.Length);
        }
    }

    private static IEnumerable<Hit> Terms(string text, GuardRules rules)
    {
        foreach (var term in rules.BlockedTerms)
        {
            foreach (Match m in TermPattern(term).Matches(text))
            {
                yield return new Hit(GuardFindingKind.Term, m.Index, m.Length);
            }
        }
    }

    /// <summary>Whole words, any case; a trailing '*' takes the rest of the word; spaces in a term match any run of spaces.</summary>
    private static Regex TermPattern(string term)
    {
        var prefix = term.EndsWith('*');
        var words = term.TrimEnd('*').Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
        var body = string.Join(@"\s+", words);
        return new Regex($@"(?<![\p{{L}}\p{{N}}_]){body}{(prefix ? @"[\p{L}\p{N}_]*" : @"(?![\p{L}\p{N}_])")}",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex(@"^([01]?[0-9]|2[0-3])[.:][0-5][0-9]\s*[-\u2013]\s*([01]?[0-9]|2[0-3])[.:][0-5][0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRangePattern();

    [GeneratedRegex(@"(?<![0-9])(?<date>(?:[0-9]{2})?[0-9]{6})(?:[ ]?[-+\u2013][ ]?|[ ])?(?<tail>[0-9]{4})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PersonalNumberPattern();
}

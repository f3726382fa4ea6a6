using System.Text.RegularExpressions;

namespace RotationFunctions.Text;

/// <summary>Where a URL sits in a text and how many UTF-16 units X replaces with a t.co link.</summary>
internal readonly record struct UrlEntity(int Start, int Length);

/// <summary>
/// twitter-text's extractUrlsWithIndices: the URLs X shortens to t.co (and so counts as 23),
/// with and without protocol. The host is matched in code, following the backtracking of
/// twitter-text's regex step by step, because its TLD alternation comes from an embedded list
/// that a generated regex cannot hold; port, path and query use twitter-text's own patterns.
/// </summary>
internal static partial class UrlExtractor
{
    private const int MaxUrlLength = 4096;
    private const int MaxTcoSlugLength = 40;
    private const int MaxDomainLabelLength = 63;
    private const string DefaultProtocol = "https://";

    private const string PathChar = "[a-zA-Z" + UrlCharacters.CyrillicClass + @"0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&"
        + UrlCharacters.LatinAccentsClass + "]";

    // Up to two nested levels, for Wikipedia's /Primer_(film) and the like.
    private const string BalancedParens = @"\((?:" + PathChar + "+|(?:" + PathChar + @"*\(" + PathChar + @"+\)"
        + PathChar + @"*))\)";

    // So that "/foo." does not swallow the sentence's full stop.
    private const string PathEnding = @"(?:[+\-a-zA-Z" + UrlCharacters.CyrillicClass + "0-9=_#/"
        + UrlCharacters.LatinAccentsClass + "]|" + BalancedParens + ")";

    private const string PathSegment = "(?:" + PathChar + "*(?:" + BalancedParens + PathChar + "*)*" + PathEnding
        + "|@" + PathChar + "+/)";

    private const string QueryChar = @"[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]";
    private const string QueryEnding = @"[a-zA-Z0-9\-_&=#/]";

    /// <summary>
    /// What follows the host. Every part is optional, so the engine never has to backtrack out
    /// of a greedy part: matching stays linear in the URL's length.
    /// </summary>
    [GeneratedRegex(@"\G(?::[0-9]+)?(?<path>/" + PathSegment + @"*)?(?:\?" + QueryChar + "*" + QueryEnding + ")?",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PortPathQuery();

    public static List<UrlEntity> Extract(string text)
    {
        var urls = new List<UrlEntity>();
        if (!text.Contains('.'))
        {
            return urls;
        }

        var tlds = new TldMemo(text);
        var position = 0;
        while (FindNext(text, position, tlds) is { } candidate)
        {
            // A rejected candidate is skipped whole, as twitter-text's regex loop does.
            position = candidate.End;
            Accept(text, candidate, urls);
        }

        return urls;
    }

    private readonly record struct Candidate(char? Before, int Start, int ProtocolLength, int DomainEnd, int End, bool HasPath)
    {
        public int DomainStart => Start + ProtocolLength;
    }

    private static Candidate? FindNext(string text, int from, TldMemo tlds)
    {
        for (var s = from; s < text.Length; s++)
        {
            if (UrlCharacters.MayPrecedeUrl(text[s]) && TryMatchAt(text, s + 1, text[s], tlds) is { } afterChar)
            {
                return afterChar;
            }

            if (s == 0 && TryMatchAt(text, 0, before: null, tlds) is { } atStart)
            {
                return atStart;
            }
        }

        return null;
    }

    private static Candidate? TryMatchAt(string text, int start, char? before, TldMemo tlds)
    {
        var protocolLength = ProtocolLength(text, start);
        var domainEnd = DomainMatcher.MatchEnd(text, start + protocolLength, tlds);
        if (domainEnd < 0)
        {
            return null;
        }

        var rest = PortPathQuery().Match(text, domainEnd);
        return new Candidate(before, start, protocolLength, domainEnd, domainEnd + rest.Length, rest.Groups["path"].Success);
    }

    private static int ProtocolLength(string text, int index)
    {
        var rest = text.AsSpan(index);
        return rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://".Length
            : rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http://".Length
            : 0;
    }

    private static void Accept(string text, Candidate candidate, List<UrlEntity> urls)
    {
        var urlLength = candidate.End - candidate.Start;
        var protocolLength = candidate.ProtocolLength > 0 ? candidate.ProtocolLength : DefaultProtocol.Length;
        if (!HasValidLabels(text, candidate.DomainStart, candidate.DomainEnd) || protocolLength + urlLength > MaxUrlLength)
        {
            return;
        }

        if (candidate.ProtocolLength > 0)
        {
            AcceptWithProtocol(text, candidate, urls);
        }
        else
        {
            AcceptWithoutProtocol(text, candidate, urls);
        }
    }

    private static void AcceptWithProtocol(string text, Candidate candidate, List<UrlEntity> urls)
    {
        var length = candidate.End - candidate.Start;
        var host = text.AsSpan(candidate.DomainStart, candidate.End - candidate.DomainStart);
        if (host.StartsWith("t.co/", StringComparison.OrdinalIgnoreCase))
        {
            // A t.co link is already short: X keeps its slug and nothing after it.
            var slugStart = candidate.DomainStart + "t.co/".Length;
            var slugEnd = slugStart;
            while (slugEnd < candidate.End && char.IsAsciiLetterOrDigit(text[slugEnd]))
            {
                slugEnd++;
            }

            if (slugEnd - slugStart > MaxTcoSlugLength)
            {
                return;
            }

            if (slugEnd > slugStart)
            {
                length = slugEnd - candidate.Start;
            }
        }

        urls.Add(new UrlEntity(candidate.Start, length));
    }

    /// <summary>
    /// Without a protocol X only links ASCII hosts. Every such host counts, a bare "name.se" too:
    /// twitter-text 3.1.0 (the npm package X publishes) has no short country-domain exception,
    /// though older ports and conformance files do.
    /// </summary>
    private static void AcceptWithoutProtocol(string text, Candidate candidate, List<UrlEntity> urls)
    {
        if (candidate.Before is '-' or '_' or '.' or '/')
        {
            return;
        }

        UrlEntity? last = null;
        foreach (var ascii in DomainMatcher.AsciiDomains(text, candidate.DomainStart, candidate.DomainEnd))
        {
            last = ascii;
            urls.Add(ascii);
        }

        if (last is { } lastDomain && candidate.HasPath)
        {
            // twitter-text puts the path after the last ASCII host and skips that many characters.
            var domainLength = candidate.DomainEnd - candidate.DomainStart;
            urls[^1] = lastDomain with { Length = candidate.End - candidate.Start - domainLength + lastDomain.Length };
        }
    }

    /// <summary>
    /// twitter-text's idna.toAscii: every label, punycode-encoded, must fit DNS's 63 characters,
    /// which is what stops a long run of CJK after "http://" from counting as one 23-unit link.
    /// </summary>
    private static bool HasValidLabels(string text, int domainStart, int domainEnd)
    {
        var domain = text[domainStart..domainEnd];
        if (domain.StartsWith("xn--", StringComparison.Ordinal)
            && !DomainMatcher.AsciiDomains(text, domainStart, domainEnd).Any())
        {
            return false;
        }

        foreach (var label in domain.Split('.'))
        {
            var length = Punycode.AsciiLength(label);
            if (length is < 1 or > MaxDomainLabelLength)
            {
                return false;
            }
        }

        return true;
    }
}

namespace RotationFunctions.Text;

/// <summary>
/// twitter-text's host patterns, matched the way its backtracking regex matches them:
/// <c>validSubdomain* validDomainName TLD</c>, where a greedy run of labels gives back one label at
/// a time until a known TLD follows. Labels end at a dot, so each step is deterministic and a
/// host costs time proportional to its length, not to the number of ways to split it.
/// </summary>
internal static class DomainMatcher
{
    /// <summary>End of the host starting at <paramref name="start"/>, or -1 when no host starts there.</summary>
    /// <param name="tlds">TLD look-ups already made in <paramref name="text"/>: a host is tried
    /// from every place a URL may start, and a long dotted run would otherwise be looked up anew each time.</param>
    public static int MatchEnd(string text, int start, TldMemo tlds)
    {
        var lastDot = -1;
        var position = start;
        while (position < text.Length && UrlCharacters.IsDomainChar(text[position]))
        {
            var end = position;
            while (end < text.Length && (UrlCharacters.IsDomainChar(text[end]) || text[end] is '-' or '_'))
            {
                end++;
            }

            if (end >= text.Length || text[end] != '.' || !UrlCharacters.IsDomainChar(text[end - 1]))
            {
                break;
            }

            lastDot = end;
            position = end + 1;
        }

        // Give back one label at a time. The label right before the TLD is the domain name,
        // which, unlike a subdomain, may not contain an underscore.
        for (var dot = lastDot; dot >= start;)
        {
            var labelStart = LabelStart(text, start, dot);
            if (!text.AsSpan(labelStart, dot - labelStart).Contains('_'))
            {
                var tldLength = tlds.LengthAt(dot + 1);
                if (tldLength > 0)
                {
                    return dot + 1 + tldLength;
                }
            }

            dot = labelStart - 1;
        }

        return -1;
    }

    /// <summary>
    /// twitter-text's validAsciiDomain, applied to a host without protocol: the hosts of ASCII
    /// (and accented Latin) labels inside it, left to right, as a global regex replace finds them.
    /// </summary>
    public static IEnumerable<UrlEntity> AsciiDomains(string text, int domainStart, int domainEnd)
    {
        var position = domainStart;
        while (position < domainEnd)
        {
            var length = AsciiDomainLength(text, position, domainEnd);
            if (length > 0)
            {
                yield return new UrlEntity(position, length);
                position += length;
            }
            else
            {
                position++;
            }
        }
    }

    private static int AsciiDomainLength(string text, int start, int limit)
    {
        var lastDot = -1;
        var position = start;
        while (true)
        {
            var end = position;
            while (end < limit && UrlCharacters.IsAsciiLabelChar(text[end]))
            {
                end++;
            }

            if (end == position || end >= limit || text[end] != '.')
            {
                break;
            }

            lastDot = end;
            position = end + 1;
        }

        for (var dot = lastDot; dot >= start; dot = LabelStart(text, start, dot) - 1)
        {
            var tldLength = TopLevelDomains.MatchLength(text, dot + 1, limit);
            if (tldLength > 0)
            {
                return dot + 1 + tldLength - start;
            }
        }

        return 0;
    }

    private static int LabelStart(string text, int hostStart, int dot)
    {
        var previousDot = text.AsSpan(hostStart, dot - hostStart).LastIndexOf('.');
        return previousDot < 0 ? hostStart : hostStart + previousDot + 1;
    }
}

/// <summary>The TLD found at each position of one text, looked up once.</summary>
internal sealed class TldMemo(string text)
{
    // 0 = not looked up yet, otherwise the TLD's length + 1.
    private int[]? _lengths;

    public int LengthAt(int index)
    {
        _lengths ??= new int[text.Length + 1];
        if (_lengths[index] == 0)
        {
            _lengths[index] = TopLevelDomains.MatchLength(text, index, text.Length) + 1;
        }

        return _lengths[index] - 1;
    }
}

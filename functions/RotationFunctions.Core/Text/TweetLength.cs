namespace RotationFunctions.Text;

/// <summary>
/// X's weighted tweet length, after twitter-text's parseTweet with the v3 configuration: most
/// Latin, Cyrillic, Greek and punctuation count 1, CJK and other scripts 2, an emoji 2 however
/// many code points it has, and a URL 23 whatever its length, because X shortens it to t.co.
/// </summary>
public static class TweetLength
{
    public const int MaxWeightedLength = TweetWeighting.MaxWeightedTweetLength;

    public static TweetLengthResult Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // X normalizes to NFC before counting, so "å" typed as a + ring is one character, not two.
        var wellFormed = TextNormalization.TryNormalize(text, out var normalized);
        var weightedLength = (int)(WeightedUnits(normalized) / TweetWeighting.Scale);
        var isValid = wellFormed
            && weightedLength <= MaxWeightedLength
            && !string.IsNullOrWhiteSpace(normalized)
            && !HasInvalidCharacters(normalized);
        return new TweetLengthResult(weightedLength, isValid);
    }

    private static long WeightedUnits(string text)
    {
        var urls = UrlExtractor.Extract(text);
        var nextUrl = 0;
        var units = 0L;
        for (var i = 0; i < text.Length; i++)
        {
            while (nextUrl < urls.Count && urls[nextUrl].Start < i)
            {
                nextUrl++;
            }

            if (nextUrl < urls.Count && urls[nextUrl].Start == i)
            {
                units += TweetWeighting.TransformedUrlLength * TweetWeighting.Scale;
                i += urls[nextUrl].Length - 1;
                continue;
            }

            var emojiLength = EmojiSequence.MatchLength(text, i);
            if (emojiLength > 0)
            {
                units += TweetWeighting.DefaultWeight;
                i += emojiLength - 1;
                continue;
            }

            if (Rune.TryGetRuneAt(text, i, out var rune))
            {
                units += TweetWeighting.WeightOf(rune.Value);
                i += rune.Utf16SequenceLength - 1;
            }
            else
            {
                // A lone surrogate weighs as the unit it is; such a text is invalid anyway.
                units += TweetWeighting.WeightOf(text[i]);
            }
        }

        return units;
    }

    /// <summary>Noncharacters and the byte-order mark, which X refuses in a tweet.</summary>
    private static bool HasInvalidCharacters(string text) => text.AsSpan().IndexOfAny('\uFFFE', '\uFEFF', '\uFFFF') >= 0;
}

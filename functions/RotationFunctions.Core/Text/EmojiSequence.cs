namespace RotationFunctions.Text;

/// <summary>
/// Recognises one emoji as a reader sees it — ZWJ sequences, skin tones, keycaps, flags, tag
/// sequences — because X counts each as 2 units however many code points it spans.
/// twitter-text uses twemoji's generated list of known sequences; matching the grammar of
/// UTS #51 over Extended_Pictographic instead keeps new emoji counted right without a new list.
/// </summary>
internal static class EmojiSequence
{
    /// <summary>UTF-16 length of the emoji starting at <paramref name="index"/>, or 0 when none starts there.</summary>
    public static int MatchLength(string text, int index)
    {
        var first = RuneAt(text, index);
        if (first.Value is >= '0' and <= '9' or '#' or '*')
        {
            return KeycapLength(text, index);
        }

        if (IsRegionalIndicator(first))
        {
            // A lone indicator is drawn as a letter in a box; twemoji counts it as an emoji too.
            var next = index + 2;
            return next < text.Length && IsRegionalIndicator(RuneAt(text, next)) ? 4 : 2;
        }

        if (!IsExtendedPictographic(first))
        {
            return 0;
        }

        var end = index + first.Utf16SequenceLength;
        var lightAsText = TweetWeighting.WeightOf(first.Value) < TweetWeighting.DefaultWeight;
        if ((end < text.Length && text[end] == TextPresentation)
            || (lightAsText && (end >= text.Length || text[end] != EmojiPresentation)))
        {
            // Asked to render as text (FE0E), or a light character like © without FE0F: X
            // counts it as the plain character it is.
            return 0;
        }

        end = SkipModifiers(text, end);
        while (end + 1 < text.Length && text[end] == ZeroWidthJoiner)
        {
            var joined = RuneAt(text, end + 1);
            if (!IsExtendedPictographic(joined))
            {
                break;
            }

            end = SkipModifiers(text, end + 1 + joined.Utf16SequenceLength);
        }

        return end - index;
    }

    private static int KeycapLength(string text, int index)
    {
        var end = index + 1;
        if (end < text.Length && text[end] == EmojiPresentation)
        {
            end++;
        }

        return end < text.Length && text[end] == CombiningKeycap ? end + 1 - index : 0;
    }

    /// <summary>Skips what decorates an emoji without starting a new one: VS16, skin tones, tags, keycap.</summary>
    private static int SkipModifiers(string text, int index)
    {
        while (index < text.Length)
        {
            var rune = RuneAt(text, index);
            var isModifier = rune.Value is EmojiPresentation or CombiningKeycap
                or >= 0x1F3FB and <= 0x1F3FF
                or >= 0xE0020 and <= 0xE007F;
            if (!isModifier)
            {
                break;
            }

            index += rune.Utf16SequenceLength;
        }

        return index;
    }

    private static bool IsRegionalIndicator(Rune rune) => rune.Value is >= 0x1F1E6 and <= 0x1F1FF;

    /// <summary>The scalar at <paramref name="index"/>; a lone surrogate reads as U+FFFD, one unit long, which starts no emoji.</summary>
    private static Rune RuneAt(string text, int index) =>
        Rune.TryGetRuneAt(text, index, out var rune) ? rune : Rune.ReplacementChar;

    private static bool IsExtendedPictographic(Rune rune)
    {
        var codePoint = rune.Value;
        if (codePoint < ExtendedPictographic[0].Start)
        {
            return false;
        }

        var low = 0;
        var high = ExtendedPictographic.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var (start, end) = ExtendedPictographic[mid];
            if (codePoint < start)
            {
                high = mid - 1;
            }
            else if (codePoint > end)
            {
                low = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private const char ZeroWidthJoiner = '\u200D';
    private const char TextPresentation = '\uFE0E';
    private const char EmojiPresentation = '\uFE0F';
    private const char CombiningKeycap = '\u20E3';

    // Extended_Pictographic from Unicode's emoji-data.txt. Unicode reserved whole blocks for
    // future emoji when it defined the property, so the table has not changed since 13.0.
    private static readonly (int Start, int End)[] ExtendedPictographic =
    [
        (0xA9, 0xA9), (0xAE, 0xAE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
        (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
        (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
        (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
        (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
        (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
        (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
        (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
        (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
        (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
        (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171),
        (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
        (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A),
        (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D), (0x1F546, 0x1F64F),
        (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F),
        (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF),
        (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
    ];
}

using System.Buffers;

namespace RotationFunctions.Text;

/// <summary>twitter-text's character classes for URLs (regexp/*.js), kept in one place.</summary>
internal static class UrlCharacters
{
    /// <summary>Latin letters with accents and combining marks, which twitter-text lets into paths and hosts.</summary>
    public const string LatinAccentsClass =
        @"\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
        + @"\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF";

    public const string CyrillicClass = @"\u0400-\u04FF";

    // Punctuation (note: no '"' and no '`'), whitespace, invalid characters and directional marks.
    private static readonly SearchValues<char> NotInDomain = SearchValues.Create(
        @"!'#%&()*+,\-./:;<=>?@[]^_{|}~$"
        + Expand('\u0009', '\u000D') + " \u0085\u00A0\u1680\u180E" + Expand('\u2000', '\u200A')
        + "\u2028\u2029\u202F\u205F\u3000"
        + "\uFFFE\uFEFF\uFFFF"
        + Expand('\u202A', '\u202E') + "\u061C\u200E\u200F" + Expand('\u2066', '\u2069'));

    private static readonly SearchValues<char> LatinAccents = SearchValues.Create(
        Expand('\u00C0', '\u00D6') + Expand('\u00D8', '\u00F6') + Expand('\u00F8', '\u00FF')
        + Expand('\u0100', '\u024F') + "\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB"
        + Expand('\u0300', '\u036F') + Expand('\u1E00', '\u1EFF'));

    /// <summary>A character a host label may consist of (besides '-' and, in subdomains, '_').</summary>
    public static bool IsDomainChar(char c) => !NotInDomain.Contains(c);

    /// <summary>A character of the ASCII-ish labels twitter-text links when a URL has no protocol.</summary>
    public static bool IsAsciiLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || LatinAccents.Contains(c);

    /// <summary>
    /// Whether a URL may start right after <paramref name="c"/>: not inside a word, an e-mail
    /// address, a cashtag or a hashtag.
    /// </summary>
    public static bool MayPrecedeUrl(char c) =>
        !(char.IsAsciiLetterOrDigit(c) || c is '@' or '\uFF20' or '$' or '#' or '\uFF03' or '\uFFFE' or '\uFEFF' or '\uFFFF');

    private static string Expand(char first, char last) =>
        string.Create(last - first + 1, first, static (span, start) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)(start + i);
            }
        });
}

// TEMPORARY until the tweetlen branch lands; deleted on merge.
namespace RotationFunctions.X.TweetText;

public readonly record struct TweetLengthResult(int WeightedLength, bool IsValid);

public static class TweetLength
{
    public static TweetLengthResult Measure(string text)
    {
        var n = text.EnumerateRunes().Sum(r => r.Value < 4352 ? 1 : 2);
        return new TweetLengthResult(n, n is > 0 and <= 280 && !string.IsNullOrWhiteSpace(text));
    }

    public static IReadOnlyList<string> Mentions(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])").Select(m => m.Groups[1].Value)];
}

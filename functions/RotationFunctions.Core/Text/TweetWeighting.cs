namespace RotationFunctions.Text;

/// <summary>
/// twitter-text's version 3 weighting configuration (config-v3.json), the one X applies today.
/// Held as constants rather than read from JSON: X changes it once in years, and a change
/// deserves a code review and a red conformance test, not a silent file swap.
/// </summary>
internal static class TweetWeighting
{
    public const int MaxWeightedTweetLength = 280;
    public const int Scale = 100;
    public const int DefaultWeight = 200;
    public const int TransformedUrlLength = 23;

    private static readonly (int Start, int End, int Weight)[] Ranges =
    [
        (0, 4351, 100),
        (8192, 8205, 100),
        (8208, 8223, 100),
        (8242, 8247, 100),
    ];

    public static int WeightOf(int codePoint)
    {
        foreach (var (start, end, weight) in Ranges)
        {
            if (codePoint >= start && codePoint <= end)
            {
                return weight;
            }
        }

        return DefaultWeight;
    }
}

namespace RotationFunctions.Text;

/// <summary>
/// A tweet's length as X counts it (twitter-text v3): <see cref="WeightedLength"/> against the
/// limit of <see cref="TweetLength.MaxWeightedLength"/>.
/// </summary>
public readonly record struct TweetLengthResult(int WeightedLength, bool IsValid)
{
    /// <summary>Thousandths of the limit used, as X's composer shows it; over 1000 means too long.</summary>
    public int Permillage => WeightedLength * 1000 / TweetLength.MaxWeightedLength;
}

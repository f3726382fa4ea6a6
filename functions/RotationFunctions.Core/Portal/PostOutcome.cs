using RotationFunctions.Guard;
using RotationFunctions.Text;

namespace RotationFunctions.Portal;

/// <summary>What became of a post request. <see cref="Guard"/> is set for <see cref="PostOutcomeKind.Blocked"/>: the page shows it, nothing stores it.</summary>
public sealed record PostOutcome(PostOutcomeKind Kind, string? TweetId = null, GuardResult? Guard = null, bool Retryable = false, int WeightedLength = 0)
{
    /// <summary>For <see cref="PostOutcomeKind.RateLimited"/>: how long until the link may post again; with the count it reached.</summary>
    public TimeSpan RetryAfter { get; init; }

    public int Count { get; init; }

    /// <summary>For <see cref="PostOutcomeKind.ImagesInvalid"/>: what is wrong with the images.</summary>
    public ImageProblem? ImageProblem { get; init; }

    /// <summary>Per ticked channel, what happened there (empty when the post was refused before any channel).</summary>
    public IReadOnlyList<ChannelPostOutcome> Channels { get; init; } = [];

    /// <summary>For <see cref="PostOutcomeKind.TooLong"/>, <see cref="PostOutcomeKind.ChannelInvalid"/> and an image too big for Bluesky: the channel concerned.</summary>
    public Schedule.Channel? Channel { get; init; }

    /// <summary>For <see cref="PostOutcomeKind.TooLong"/>: the length as that channel counts it, and its limit.</summary>
    public int Max { get; init; }

    /// <summary>For an image problem of one image: its number in the form (1-based), else 0.</summary>
    public int ImageNumber { get; init; }
}

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
}

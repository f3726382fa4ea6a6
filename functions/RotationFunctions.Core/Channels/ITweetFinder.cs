namespace RotationFunctions.Channels;

/// <summary>
/// Looks on an account's timeline for a post an earlier attempt may have made: the only way to know, when
/// the answer to a post was lost, whether it was made.
/// </summary>
public interface ITweetFinder
{
    /// <summary>
    /// How long after a post the timeline may still not list it: the bound assumed for the channel (X gives
    /// none). A look-up says "not posted" only for attempts older than this.
    /// </summary>
    TimeSpan TimelineLag { get; }

    /// <summary>
    /// The id of the account's earliest recent post of exactly <paramref name="text"/> made at or after
    /// <paramref name="notBefore"/> (within the channel's clock tolerance), or null when the timeline has none.
    /// </summary>
    /// <exception cref="X.XApiException">The timeline could not be read; <see cref="X.XApiException.Kind"/> says whether a retry can help.</exception>
    Task<string?> FindAsync(string accountId, string text, DateTimeOffset notBefore, CancellationToken cancellationToken);
}

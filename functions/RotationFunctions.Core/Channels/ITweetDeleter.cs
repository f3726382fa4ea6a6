namespace RotationFunctions.Channels;

/// <summary>Takes one of the account's posts down (a curator's regret, an admin's takedown).</summary>
public interface ITweetDeleter
{
    /// <summary>True when the post was deleted now; false when the channel has no such post of the account (already deleted, or never made).</summary>
    /// <exception cref="X.XApiException">The channel refused or failed; <see cref="X.XApiException.Kind"/> says whether a retry can help.</exception>
    Task<bool> DeleteAsync(string accountId, string tweetId, CancellationToken cancellationToken);
}

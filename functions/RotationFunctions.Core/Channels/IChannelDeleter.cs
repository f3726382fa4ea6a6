using RotationFunctions.Schedule;

namespace RotationFunctions.Channels;

/// <summary>
/// Takes one of the account's posts down on one network, with <see cref="ITweetDeleter"/>'s contract: the post's id
/// there (X's tweet id, Bluesky's at:// uri, Mastodon's status id) in, whether it was deleted now out.
/// </summary>
public interface IChannelDeleter
{
    Channel Channel { get; }

    /// <summary>True when the post was deleted now; false when the network has no such post of the account (already deleted, never made, or another's).</summary>
    /// <exception cref="X.XApiException">The network refused or failed (its <see cref="X.XApiException.Channel"/> says which); <see cref="X.XApiException.Kind"/> says whether a retry can help.</exception>
    Task<bool> DeleteAsync(string accountId, string postId, CancellationToken cancellationToken);
}

using RotationFunctions.Schedule;

namespace RotationFunctions.Channels;

/// <summary>
/// Posts a handover step on one network, exactly once with that network's means: on X the duplicate-content
/// answer and a timeline look-up, on Mastodon an Idempotency-Key and a look-up past its hour, on Bluesky a
/// deterministic record key. The handover depends on this contract only.
/// </summary>
public interface IChannelPublisher
{
    Channel Channel { get; }

    /// <summary>How long after a post <see cref="FindAsync"/> may still not see it.</summary>
    TimeSpan TimelineLag { get; }

    /// <summary>Posts <see cref="ChannelPost.Text"/>; a post this step already made counts (the result says <see cref="PublishResult.WasDuplicate"/>).</summary>
    /// <exception cref="X.XApiException">The network refused or failed (its <see cref="X.XApiException.Channel"/> says which);
    /// <see cref="X.XApiException.Kind"/> says whether a retry can help.</exception>
    Task<PublishResult> PublishAsync(ChannelPost post, CancellationToken cancellationToken);

    /// <summary>The id of the post an earlier attempt of this step made, or null when the network has none.</summary>
    Task<string?> FindAsync(ChannelPost post, CancellationToken cancellationToken);
}

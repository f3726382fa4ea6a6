using RotationFunctions.Schedule;

namespace RotationFunctions.Channels.X;

/// <summary>X as a channel: the tweet publisher (duplicate content counts as posted) and the timeline look-up.</summary>
public sealed class XChannelPublisher(ITweetPublisher publisher, ITweetFinder finder) : IChannelPublisher
{
    public Channel Channel => Channel.X;

    public TimeSpan TimelineLag => finder.TimelineLag;

    public Task<PublishResult> PublishAsync(ChannelPost post, CancellationToken cancellationToken) =>
        publisher.PublishAsync(post.AccountId, post.Text, post.FirstAttemptAt, cancellationToken);

    public Task<string?> FindAsync(ChannelPost post, CancellationToken cancellationToken) =>
        finder.FindAsync(post.AccountId, post.Text, post.FirstAttemptAt, cancellationToken);
}

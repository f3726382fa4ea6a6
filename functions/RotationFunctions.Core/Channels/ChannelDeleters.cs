using RotationFunctions.Schedule;

namespace RotationFunctions.Channels;

/// <summary>
/// The deleters this app has, one per channel: X's is its <see cref="ITweetDeleter"/>; Bluesky's and Mastodon's are
/// their publishers (the same client and session or token). A channel the app was not set up for has none.
/// </summary>
public sealed class ChannelDeleters(IEnumerable<ITweetDeleter> x, ChannelPublishers publishers)
{
    public IChannelDeleter? Get(Channel channel) => channel == Channel.X
        ? x.LastOrDefault() is { } tweets ? new XDeleter(tweets) : null
        : publishers.Get(channel) as IChannelDeleter;

    private sealed class XDeleter(ITweetDeleter tweets) : IChannelDeleter
    {
        public Channel Channel => Channel.X;

        public Task<bool> DeleteAsync(string accountId, string postId, CancellationToken cancellationToken) =>
            tweets.DeleteAsync(accountId, postId, cancellationToken);
    }
}

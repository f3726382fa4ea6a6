namespace RotationFunctions.Channels;

/// <summary>Posts a reply on one network, exactly once as <see cref="IChannelPublisher.PublishAsync"/> posts (the same key, the same look-up).</summary>
public interface IChannelReplier
{
    /// <exception cref="X.XApiException">The network refused or failed; <see cref="X.XApiException.Kind"/> says whether a retry can help.</exception>
    Task<PublishResult> ReplyAsync(ChannelPost post, ChannelReply reply, CancellationToken cancellationToken);

    /// <summary>As <see cref="IChannelPublisher.FindAsync"/>, for a reply: the id of the reply an earlier attempt made, or null.</summary>
    Task<string?> FindReplyAsync(ChannelPost post, ChannelReply reply, CancellationToken cancellationToken);
}

using RotationFunctions.Channels;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// A mention of the account on Bluesky or Mastodon, as the compose page lists it: the network, who (Mastodon's @acct,
/// Bluesky's @handle), the text (plain), when, and what a reply to it names there.
/// </summary>
public sealed record PortalMention(Channel Channel, string Id, string Author, string Text, DateTimeOffset? CreatedAt)
{
    public ChannelReply Reply { get; init; } = new(Id);
}

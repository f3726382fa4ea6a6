using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>A mention of the account on Bluesky or Mastodon, as the compose page lists it: the network, who, the text (plain), when.</summary>
public sealed record PortalMention(Channel Channel, string Id, string Author, string Text, DateTimeOffset? CreatedAt);

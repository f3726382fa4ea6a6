namespace RotationFunctions.Channels;

/// <summary>
/// What a reply answers on Bluesky or Mastodon: the post's id there (Bluesky's at:// uri, Mastodon's status id), for
/// Bluesky its cid and its thread's root strong ref (app.bsky.feed.post #replyRef: the root is the parent's own root when
/// the parent is itself a reply, else the parent).
/// </summary>
public sealed record ChannelReply(string ParentId, string? ParentCid = null, string? RootId = null, string? RootCid = null);

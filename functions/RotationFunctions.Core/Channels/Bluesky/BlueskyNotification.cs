namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// A notification as app.bsky.notification.listNotifications answers it: the post's uri and cid (its strong ref, what a
/// reply names), its author, why (mention, reply…), its text and when; when the post is itself a reply, its thread's
/// root (the record's reply.root strong ref), which a reply to it keeps as its own root.
/// </summary>
public sealed record BlueskyNotification(string Uri, string AuthorHandle, string Reason, string Text, DateTimeOffset? IndexedAt)
{
    public string? Cid { get; init; }
    public string? RootUri { get; init; }
    public string? RootCid { get; init; }
}

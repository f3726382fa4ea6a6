namespace RotationFunctions.Channels.Bluesky;

/// <summary>A notification as app.bsky.notification.listNotifications answers it: the post's uri, its author, why (mention, reply…), its text and when.</summary>
public sealed record BlueskyNotification(string Uri, string AuthorHandle, string Reason, string Text, DateTimeOffset? IndexedAt);

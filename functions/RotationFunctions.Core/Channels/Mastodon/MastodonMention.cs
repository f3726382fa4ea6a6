namespace RotationFunctions.Channels.Mastodon;

/// <summary>A "mention" notification (GET /api/v1/notifications): its status id, the author's acct, the status's content (HTML) and when.</summary>
public sealed record MastodonMention(string StatusId, string Acct, string ContentHtml, DateTimeOffset? CreatedAt);

namespace RotationFunctions.Channels.X;

/// <summary>POST /2/tweets: text, optionally as a reply, optionally limiting who may reply, optionally with uploaded images (media.media_ids).</summary>
public sealed record XPostTweetRequest(string Text, string? InReplyToTweetId = null, XReplySettings? ReplySettings = null, IReadOnlyList<string>? MediaIds = null);

namespace RotationFunctions.Channels.X;

/// <summary>POST /2/tweets: text, optionally as a reply, optionally limiting who may reply.</summary>
public sealed record XPostTweetRequest(string Text, string? InReplyToTweetId = null, XReplySettings? ReplySettings = null);

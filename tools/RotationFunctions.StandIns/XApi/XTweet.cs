namespace RotationFunctions.StandIns.XApi;

/// <summary>A post as the stand-in stored it (for test inspection).</summary>
public sealed record XTweet(
    string Id,
    string AuthorId,
    string Text,
    DateTimeOffset CreatedAt,
    string? InReplyToTweetId,
    string? ReplySettings,
    bool Deleted,
    IReadOnlyList<string>? MediaIds = null);

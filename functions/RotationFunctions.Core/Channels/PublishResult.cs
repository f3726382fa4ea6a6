namespace RotationFunctions.Channels;

/// <summary>What a channel answered for a post: its id, and whether the channel already had the same text.</summary>
public sealed record PublishResult(string? TweetId, bool WasDuplicate);

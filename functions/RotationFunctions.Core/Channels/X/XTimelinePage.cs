namespace RotationFunctions.Channels.X;

/// <summary>One page of a user's timeline and the token of the next page (null after the last).</summary>
public sealed record XTimelinePage(IReadOnlyList<XTweet> Tweets, string? NextToken);

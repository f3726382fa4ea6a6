namespace RotationFunctions.Channels.X;

/// <summary>What GET /2/tweets?ids= answered: the posts X showed, and the ids it could not (deleted, missing, protected).</summary>
public sealed record XTweetLookup(IReadOnlyList<XTweet> Found, IReadOnlyList<string> Missing);

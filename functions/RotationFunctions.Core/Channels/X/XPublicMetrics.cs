namespace RotationFunctions.Channels.X;

/// <summary>A post's public_metrics as X API v2 returns them (docs.x.com/x-api/fundamentals/metrics): the counts anyone can see.</summary>
public sealed record XPublicMetrics(
    [property: JsonPropertyName("like_count")] long Likes,
    [property: JsonPropertyName("retweet_count")] long Reposts,
    [property: JsonPropertyName("reply_count")] long Replies,
    [property: JsonPropertyName("impression_count")] long Impressions);

namespace RotationFunctions.Channels.X;

/// <summary>A tweet as X API v2 returns it (the fields we ask for).</summary>
public sealed record XTweet(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt = null,
    [property: JsonPropertyName("public_metrics")] XPublicMetrics? PublicMetrics = null);

namespace RotationFunctions.StandIns.XApi;

/// <summary>The counts the stand-in shows in a post's public_metrics.</summary>
internal sealed record XPublicMetrics(long Likes, long Reposts, long Replies, long Impressions);

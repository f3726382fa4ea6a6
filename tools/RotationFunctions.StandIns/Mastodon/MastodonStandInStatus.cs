namespace RotationFunctions.StandIns.Mastodon;

/// <summary>A status the stand-in holds: its id, author, plain text and time.</summary>
public sealed record MastodonStandInStatus(string Id, string AccountId, string Text, DateTimeOffset CreatedAt);

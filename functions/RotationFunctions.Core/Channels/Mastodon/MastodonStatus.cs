namespace RotationFunctions.Channels.Mastodon;

/// <summary>A status as the client needs it: its id, address and when it was made.</summary>
public sealed record MastodonStatus(string Id, string? Url, DateTimeOffset CreatedAt);

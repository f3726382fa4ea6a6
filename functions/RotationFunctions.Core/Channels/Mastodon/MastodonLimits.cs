namespace RotationFunctions.Channels.Mastodon;

/// <summary>An instance's status limits (GET /api/v2/instance: configuration.statuses).</summary>
public sealed record MastodonLimits(int MaxCharacters, int CharactersReservedPerUrl);

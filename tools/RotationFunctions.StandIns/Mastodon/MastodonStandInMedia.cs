namespace RotationFunctions.StandIns.Mastodon;

/// <summary>A media attachment the stand-in holds: its id, the type judged from its bytes, its size and its description (alt text).</summary>
public sealed record MastodonStandInMedia(string Id, string MimeType, long Size, string? Description);

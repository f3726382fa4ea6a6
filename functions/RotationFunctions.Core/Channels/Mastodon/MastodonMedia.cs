namespace RotationFunctions.Channels.Mastodon;

/// <summary>A media attachment as uploaded: its id, and whether the instance has processed it (a status may attach it only then).</summary>
public sealed record MastodonMedia(string Id, bool Processed);

namespace RotationFunctions.StandIns.Mastodon;

/// <summary>A status the stand-in holds: its id, author, plain text and time, and the media attached to it (with their descriptions).</summary>
public sealed record MastodonStandInStatus(string Id, string AccountId, string Text, DateTimeOffset CreatedAt)
{
    public IReadOnlyList<MastodonStandInMedia> Media { get; init; } = [];

    /// <summary>The status it answers (in_reply_to_id), if a reply.</summary>
    public string? InReplyToId { get; init; }
}

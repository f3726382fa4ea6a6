namespace RotationFunctions.Channels;

/// <summary>
/// One step's post: who posts what, since when it was tried (<paramref name="FirstAttemptAt"/>: a same-text post
/// older than that is not this step's), and what names the step for good: <paramref name="StepKey"/> (Mastodon's
/// Idempotency-Key), <paramref name="Boundary"/> and <paramref name="StepIndex"/> (Bluesky's record key), unless
/// <paramref name="RecordKey"/> gives the Bluesky record key itself (a portal post's, chosen when it was claimed).
/// <paramref name="Images"/> (a portal post's; handover steps have none) are uploaded again on every attempt: what
/// names the post for good stays the key, never the networks' media ids.
/// </summary>
public sealed record ChannelPost(string AccountId, string Text, DateTimeOffset FirstAttemptAt, string StepKey, DateTimeOffset Boundary, int StepIndex, string? RecordKey = null,
    IReadOnlyList<ChannelImage>? Images = null);

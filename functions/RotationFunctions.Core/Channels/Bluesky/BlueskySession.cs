namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// An account's session as com.atproto.server.createSession/refreshSession answer it and Key Vault keeps it (one
/// secret, one version per refresh, so the pair never tears). <see cref="RefreshingSince"/> marks the write-ahead
/// version written just before the refresh token is spent: a crash after it tells the next worker that the chain
/// may have moved on (the stored refresh token may be spent; re-authorize if the refresh then fails).
/// </summary>
public sealed record BlueskySession(
    [property: JsonPropertyName("did")] string Did,
    [property: JsonPropertyName("handle")] string Handle,
    [property: JsonPropertyName("accessJwt")] string AccessJwt,
    [property: JsonPropertyName("refreshJwt")] string RefreshJwt)
{
    [JsonPropertyName("refreshingSince")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? RefreshingSince { get; init; }

    /// <summary>Only the ids: a session is never written whole into a log.</summary>
    public override string ToString() => $"BlueskySession {{ Did = {Did}, Handle = {Handle} }}";
}

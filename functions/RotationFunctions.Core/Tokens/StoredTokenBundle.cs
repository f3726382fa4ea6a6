namespace RotationFunctions.Tokens;

/// <summary>
/// A stored bundle and what its secret's tags say about it. <see cref="InFlight"/>: this version is a write-ahead
/// (a refresh was about to spend its refresh token) and no newer version has been stored since.
/// </summary>
public sealed record StoredTokenBundle(TokenBundle Bundle, string? Version, DateTimeOffset? RotatedAt, string? RotatedBy, string? Reason)
{
    public UnfinishedRefresh? InFlight { get; init; }
}

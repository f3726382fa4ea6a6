namespace RotationFunctions.Tokens;

/// <summary>A stored bundle and what its secret's tags say about it.</summary>
public sealed record StoredTokenBundle(TokenBundle Bundle, string? Version, DateTimeOffset? RotatedAt, string? RotatedBy, string? Reason);

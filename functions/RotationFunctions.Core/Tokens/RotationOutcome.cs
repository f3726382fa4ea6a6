namespace RotationFunctions.Tokens;

/// <summary>What a rotation did for one account. <see cref="Detail"/> never contains tokens.</summary>
public sealed record RotationOutcome(string AccountId, RotationStatus Status, DateTimeOffset? ExpiresAt, string Detail);

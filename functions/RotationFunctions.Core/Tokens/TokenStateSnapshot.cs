using RotationFunctions.Schedule;

namespace RotationFunctions.Tokens;

/// <summary>An Accounts row's token state as the rotation read it, with the row's ETag: what its conditional writes expect.</summary>
public sealed record TokenStateSnapshot(ETag ETag, string? State, string? Reason, DateTimeOffset? StateAt, DateTimeOffset? ExpiresAt)
{
    public bool IsChainBroken => string.Equals(State, AccountSettings.TokenBroken, StringComparison.OrdinalIgnoreCase);

    /// <summary>The same token state (whatever else in the row changed).</summary>
    public bool SameStateAs(TokenStateSnapshot other) =>
        string.Equals(State, other.State, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(Reason, other.Reason, StringComparison.Ordinal) &&
        StateAt == other.StateAt && ExpiresAt == other.ExpiresAt;

    public override string ToString() => $"{State ?? "no state"}{(StateAt is { } at ? $" at {at:O}" : "")}{(Reason is { } r ? $" ({r})" : "")}";
}

namespace RotationFunctions.StandIns.XApi;

/// <summary>Tokens as the token endpoint hands them out (RefreshToken only with offline.access).</summary>
public sealed record XTokenSet(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt, string Scope);

namespace RotationFunctions.Tokens;

/// <summary>
/// An account's OAuth 2.0 user-context tokens, stored as one JSON document in one Key Vault secret
/// so the access and refresh token never tear. <see cref="ToString"/> never shows the tokens.
/// </summary>
public sealed record TokenBundle(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("scope")] string Scope)
{
    /// <summary>True when the access token is expired or expires within <paramref name="threshold"/> of <paramref name="now"/>.</summary>
    public bool ExpiresWithin(TimeSpan threshold, DateTimeOffset now) => ExpiresAt - now <= threshold;

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="JsonException">The text is not a token bundle.</exception>
    public static TokenBundle FromJson(string json)
    {
        var bundle = JsonSerializer.Deserialize<TokenBundle>(json)
            ?? throw new JsonException("The token bundle is empty.");
        if (string.IsNullOrEmpty(bundle.AccessToken) || string.IsNullOrEmpty(bundle.RefreshToken))
        {
            throw new JsonException("The token bundle lacks access_token or refresh_token.");
        }
        return bundle;
    }

    public override string ToString() =>
        $"TokenBundle {{ AccessToken = [redacted], RefreshToken = [redacted], ExpiresAt = {ExpiresAt:O}, Scope = {Scope} }}";
}

namespace RotationFunctions.Tokens;

/// <summary>The X app's OAuth 2.0 client credentials. A null secret means a public client (client_id in the body, no Basic auth).</summary>
public sealed record XClientCredentials(string ClientId, string? ClientSecret)
{
    public bool IsConfidential => !string.IsNullOrEmpty(ClientSecret);

    public override string ToString() =>
        $"XClientCredentials {{ ClientId = {ClientId}, ClientSecret = {(IsConfidential ? "[redacted]" : "none")} }}";
}

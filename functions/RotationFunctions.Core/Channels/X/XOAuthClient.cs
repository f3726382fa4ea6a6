using System.Net.Http.Headers;
using System.Net.Http.Json;
using RotationFunctions.Tokens;

namespace RotationFunctions.Channels.X;

/// <summary>
/// X's OAuth 2.0 token endpoint (POST /2/oauth2/token): code exchange and refresh. Never retried:
/// a refresh token works once, so a retry after a lost answer would spend it twice.
/// </summary>
public sealed class XOAuthClient(HttpClient httpClient, IOptions<XOptions> options, TimeProvider timeProvider) : ITokenEndpoint
{
    /// <summary>The scopes the rotation needs; offline.access is what makes X issue refresh tokens.</summary>
    public const string Scopes = "tweet.read tweet.write users.read offline.access media.write";

    /// <summary>The URL an admin opens to authorize the app (Authorization Code + PKCE S256).</summary>
    public static Uri BuildAuthorizeUri(Uri authorizeUrl, string clientId, Uri redirectUri, string state, string codeChallenge, string scope = Scopes)
    {
        var query = string.Join('&',
            Pair("response_type", "code"),
            Pair("client_id", clientId),
            Pair("redirect_uri", redirectUri.ToString()),
            Pair("scope", scope),
            Pair("state", state),
            Pair("code_challenge", codeChallenge),
            Pair("code_challenge_method", PkceCodes.Method));
        var builder = new UriBuilder(authorizeUrl);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;

        static string Pair(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";
    }

    /// <summary>Exchanges an authorization code (with its PKCE verifier) for the first token bundle.</summary>
    public Task<TokenBundle> ExchangeCodeAsync(string code, string codeVerifier, Uri redirectUri, XClientCredentials credentials, CancellationToken cancellationToken) =>
        RequestAsync(
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri.ToString()), new("code_verifier", codeVerifier)],
            credentials, [code, codeVerifier], previousRefreshToken: null, cancellationToken);

    /// <summary>Spends <paramref name="refreshToken"/> for a new bundle (new access and refresh token).</summary>
    /// <exception cref="TokenEndpointException"><see cref="TokenEndpointException.IsInvalidGrant"/> means the refresh token is spent or revoked.</exception>
    public Task<TokenBundle> RefreshAsync(string refreshToken, XClientCredentials credentials, CancellationToken cancellationToken) =>
        RequestAsync(
            [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)],
            credentials, [refreshToken], refreshToken, cancellationToken);

    private async Task<TokenBundle> RequestAsync(
        List<KeyValuePair<string, string>> form, XClientCredentials credentials, string[] sentSecrets, string? previousRefreshToken, CancellationToken cancellationToken)
    {
        var tokenPath = options.Value.TokenPath;
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenPath);
        if (credentials.IsConfidential)
        {
            // RFC 6749 §2.3.1: form-encode each part, then Base64 of "id:secret".
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(credentials.ClientId)}:{Uri.EscapeDataString(credentials.ClientSecret!)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
        else
        {
            form.Add(new("client_id", credentials.ClientId));
        }
        request.Content = new FormUrlEncodedContent(form);

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TokenEndpointException("X's token endpoint did not answer in time; a refresh token sent may or may not have been spent.", null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TokenEndpointException($"X's token endpoint could not be reached ({ex.HttpRequestError}).", null, null, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var errorBody = TryParseError(body);
                var error = XError.Parse(body);
                var message = Scrub($"X's token endpoint answered {status} {response.ReasonPhrase}: {error.Describe()}", sentSecrets, credentials);
                throw new TokenEndpointException(message, errorBody?.Error, status);
            }

            TokenEndpointResponse? payload;
            try
            {
                payload = await response.Content.ReadFromJsonAsync<TokenEndpointResponse>(cancellationToken);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new TokenEndpointException($"X's token endpoint answered {status} with a body that is not a token response.", null, status, ex);
            }
            if (payload is null || string.IsNullOrEmpty(payload.AccessToken))
            {
                throw new TokenEndpointException($"X's token endpoint answered {status} without an access token.", null, status);
            }
            var refresh = payload.RefreshToken ?? previousRefreshToken
                ?? throw new TokenEndpointException("X issued no refresh token: the app must request the offline.access scope.", null, status);
            var expiresIn = TimeSpan.FromSeconds(payload.ExpiresIn is > 0 ? payload.ExpiresIn.Value : 7200);
            return new TokenBundle(payload.AccessToken, refresh, timeProvider.GetUtcNow() + expiresIn, payload.Scope ?? string.Empty);
        }
    }

    private static TokenEndpointResponse? TryParseError(string body)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<TokenEndpointResponse>(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>An error description must never carry back what we sent (a code, verifier, token or secret).</summary>
    private static string Scrub(string text, string[] sentSecrets, XClientCredentials credentials)
    {
        foreach (var secret in sentSecrets.Append(credentials.ClientSecret))
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }
        return text;
    }

    private sealed class TokenEndpointResponse
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
        [JsonPropertyName("expires_in")] public int? ExpiresIn { get; set; }
        [JsonPropertyName("scope")] public string? Scope { get; set; }
        [JsonPropertyName("token_type")] public string? TokenType { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
    }
}

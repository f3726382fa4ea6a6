using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Mastodon;

/// <summary>
/// The instance's OAuth side (Doorkeeper in Mastodon): apps registered with POST /api/v1/apps (docs.joinmastodon.org/
/// methods/apps: client_name and redirect_uris required, else 422; the answer has client_id and client_secret), the
/// authorize page (methods/oauth: response_type=code, a registered redirect_uri, scopes within the app's, PKCE S256
/// since 4.3), approved at once by the signed-in user and redirected back with code and state, and POST /oauth/token's
/// authorization_code grant (client_id and client_secret, the same redirect_uri, the PKCE verifier; the code once and
/// for 10 minutes, Doorkeeper's default; invalid_grant otherwise). Access tokens do not expire (client/token). Not
/// thread-safe: <see cref="MastodonServer"/> calls it under its lock.
/// </summary>
internal sealed class MastodonOAuth(TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    private readonly Dictionary<string, (string Secret, string[] RedirectUris, string[] Scopes)> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, string RedirectUri, string Scope, string? Challenge, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);

    /// <summary>Who approves on the authorize page (the account the admin's browser is signed in to).</summary>
    public string? SignedInToken { get; set; }

    public int AppsRegistered => _apps.Count;

    public StandInResponse RegisterApp(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("client_name") is not { Length: > 0 } name)
        {
            return Error(422, "Validation failed: Application name can't be blank");
        }
        if (form.GetValueOrDefault("redirect_uris") is not { Length: > 0 } redirects)
        {
            return Error(422, "Validation failed: Redirect URI can't be blank");
        }
        var uris = redirects.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scopes = (form.GetValueOrDefault("scopes") is { Length: > 0 } s ? s : "read").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var id = Token();
        var secret = Token();
        _apps[id] = (secret, uris, scopes);
        return new StandInResponse(200, new JsonObject
        {
            ["id"] = _apps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["name"] = name, ["website"] = form.GetValueOrDefault("website"),
            ["scopes"] = new JsonArray([.. scopes.Select(x => (JsonNode)x)]), ["redirect_uri"] = string.Join("\n", uris),
            ["redirect_uris"] = new JsonArray([.. uris.Select(x => (JsonNode)x)]), ["client_id"] = id, ["client_secret"] = secret, ["client_secret_expires_at"] = 0,
        });
    }

    public StandInResponse Authorize(IQueryCollection query)
    {
        string Q(string name) => query[name].ToString();
        if (!_apps.TryGetValue(Q("client_id"), out var app) || !app.RedirectUris.Contains(Q("redirect_uri")))
        {
            // Doorkeeper shows an error page instead of redirecting to an address it cannot trust.
            return Error(400, "invalid_client");
        }
        var scope = Q("scope").Length == 0 ? "read" : Q("scope");
        if (Q("response_type") != "code" || scope.Split(' ').Any(s => !app.Scopes.Contains(s))
            || (Q("code_challenge").Length > 0 && Q("code_challenge_method") != "S256") || SignedInToken is null)
        {
            return Error(400, "invalid_request");
        }
        var code = Token();
        _codes[code] = (Q("client_id"), Q("redirect_uri"), scope, Q("code_challenge") is { Length: > 0 } c ? c : null, time.GetUtcNow() + CodeLifetime);
        var location = $"{Q("redirect_uri")}?code={Uri.EscapeDataString(code)}" + (Q("state").Length > 0 ? $"&state={Uri.EscapeDataString(Q("state"))}" : "");
        return new StandInResponse(302, null, new Dictionary<string, string> { ["Location"] = location });
    }

    /// <summary>The authorization_code grant: the new access token's answer, and the token (null when refused).</summary>
    public (StandInResponse Answer, string? Token) Exchange(IReadOnlyDictionary<string, string> form)
    {
        string F(string name) => form.GetValueOrDefault(name) ?? "";
        if (!_apps.TryGetValue(F("client_id"), out var app) || app.Secret != F("client_secret"))
        {
            return (Error(401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."), null);
        }
        if (F("grant_type") != "authorization_code")
        {
            return (Error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server."), null);
        }
        if (!_codes.Remove(F("code"), out var code) || code.ClientId != F("client_id") || code.RedirectUri != F("redirect_uri")
            || code.Expires <= time.GetUtcNow() || (code.Challenge is not null && Challenge(F("code_verifier")) != code.Challenge))
        {
            return (Error(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."), null);
        }
        var token = Token();
        return (new StandInResponse(200, new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["scope"] = code.Scope, ["created_at"] = time.GetUtcNow().ToUnixTimeSeconds() }), token);
    }

    private static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Token() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static StandInResponse Error(int status, string error, string? description = null) =>
        new(status, description is null ? new JsonObject { ["error"] = error } : new JsonObject { ["error"] = error, ["error_description"] = description });
}

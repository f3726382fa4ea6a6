using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// X's OAuth 2.0 side: registered clients, the users who can approve, the authorize page (with PKCE;
/// it auto-approves as the first user added), the token endpoint with single-use refresh tokens, and
/// the bearer check for API requests.
/// </summary>
/// <remarks>
/// Where X does not say: refreshing does not revoke the previous access token, it stays valid until
/// it expires (RFC 6749 leaves this to the server; X's docs are silent).
/// </remarks>
internal sealed class XOAuthServer(TimeProvider time)
{
    // X's figures: access tokens last two hours, an authorization code can be exchanged for 30 seconds.
    private const int AccessTokenLifetimeSeconds = 7200;
    private static readonly TimeSpan AuthorizationCodeLifetime = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessGrant> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<string> _reusedRefreshTokens = [];
    private string? _approvingUserId;
    private int _refreshCount;

    public int RefreshCount => Volatile.Read(ref _refreshCount);

    public IReadOnlyList<string> ReusedRefreshTokens
    {
        get
        {
            lock (_gate)
            {
                return [.. _reusedRefreshTokens];
            }
        }
    }

    public void RegisterClient(string clientId, string? clientSecret, IEnumerable<string>? redirectUris)
    {
        lock (_gate)
        {
            _clients[clientId] = new Client(clientId, clientSecret, redirectUris?.ToHashSet(StringComparer.Ordinal));
        }
    }

    public XUser AddUser(string id, string name, string username)
    {
        var user = new XUser(id, name, username);
        lock (_gate)
        {
            _users[id] = user;
            _approvingUserId ??= id;
        }
        return user;
    }

    public XUser? FindUser(string id)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(id);
        }
    }

    public XTokenSet IssueTokens(string clientId, string userId, string[] scopes)
    {
        lock (_gate)
        {
            if (!_clients.ContainsKey(clientId))
            {
                throw new InvalidOperationException($"Client '{clientId}' is not registered.");
            }
            if (!_users.ContainsKey(userId))
            {
                throw new InvalidOperationException($"User '{userId}' is not known; call AddUser first.");
            }
            return Issue(clientId, userId, scopes);
        }
    }

    /// <summary>The user and granted scopes behind an Authorization header; null for a missing, unknown or expired token.</summary>
    public (XUser User, string[] Scopes)? Authenticate(string authorization)
    {
        lock (_gate)
        {
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && _accessTokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var grant)
                && time.GetUtcNow() < grant.ExpiresAt
                && _users.TryGetValue(grant.UserId, out var user)
                ? (user, grant.Scopes)
                : null;
        }
    }

    /// <summary>GET /i/oauth2/authorize: approves at once and redirects back with the code.</summary>
    public StandInResponse Authorize(IQueryCollection query)
    {
        string Q(string name) => query[name].ToString();
        lock (_gate)
        {
            if (Q("response_type") != "code")
            {
                return Error(400, "invalid_request", "response_type must be code.");
            }
            if (!_clients.TryGetValue(Q("client_id"), out var client))
            {
                return Error(400, "invalid_request", "Unknown client_id.");
            }
            var redirectUri = Q("redirect_uri");
            if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _)
                || (client.RedirectUris is not null && !client.RedirectUris.Contains(redirectUri)))
            {
                return Error(400, "invalid_request", "redirect_uri is missing or not registered for this client.");
            }
            var scopes = Q("scope").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var method = Q("code_challenge_method");
            if (scopes.Length == 0 || Q("state").Length == 0 || Q("code_challenge").Length == 0 || method is not ("S256" or "plain"))
            {
                return Error(400, "invalid_request", "scope, state, code_challenge and code_challenge_method (S256 or plain) are required.");
            }
            if (_approvingUserId is null || !_users.ContainsKey(_approvingUserId))
            {
                return Error(400, "invalid_request", "No user is set to approve the authorization (AddUser first).");
            }
            var code = NewToken();
            _codes[code] = new PendingCode(client.Id, redirectUri, scopes, Q("code_challenge"), method, _approvingUserId,
                time.GetUtcNow() + AuthorizationCodeLifetime);
            var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var location = $"{redirectUri}{separator}state={Uri.EscapeDataString(Q("state"))}&code={Uri.EscapeDataString(code)}";
            return new StandInResponse(302, null, new Dictionary<string, string> { ["Location"] = location });
        }
    }

    /// <summary>POST /2/oauth2/token: the authorization_code and refresh_token grants.</summary>
    public StandInResponse Token(string authorization, IFormCollection? form)
    {
        if (form is null)
        {
            return Error(400, "invalid_request", "Request body must be application/x-www-form-urlencoded.");
        }
        string F(string name) => form[name].ToString();
        lock (_gate)
        {
            var client = AuthenticateClient(authorization, F("client_id"));
            if (client is null)
            {
                return Error(401, "unauthorized_client", "Missing valid authorization header");
            }
            switch (F("grant_type"))
            {
                case "authorization_code":
                    var code = F("code");
                    if (!_codes.TryGetValue(code, out var pending)
                        || pending.ClientId != client.Id
                        || pending.RedirectUri != F("redirect_uri")
                        || time.GetUtcNow() >= pending.ExpiresAt
                        || !VerifierMatches(F("code_verifier"), pending.Challenge, pending.ChallengeMethod))
                    {
                        return Error(400, "invalid_request", "Value passed for the authorization code was invalid.");
                    }
                    _codes.Remove(code);
                    return TokenAnswer(Issue(client.Id, pending.UserId, pending.Scopes));
                case "refresh_token":
                    var token = F("refresh_token");
                    if (!_refreshTokens.TryGetValue(token, out var grant) || grant.ClientId != client.Id)
                    {
                        return Error(400, "invalid_request", "Value passed for the token was invalid.");
                    }
                    if (grant.Spent)
                    {
                        _reusedRefreshTokens.Add(token);
                        return Error(400, "invalid_request", "Value passed for the token was invalid.");
                    }
                    _refreshTokens[token] = grant with { Spent = true };
                    Interlocked.Increment(ref _refreshCount);
                    return TokenAnswer(Issue(client.Id, grant.UserId, grant.Scopes));
                default:
                    return Error(400, "invalid_request", "Missing or unsupported grant_type.");
            }
        }
    }

    private Client? AuthenticateClient(string authorization, string formClientId)
    {
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                return null;
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !_clients.TryGetValue(Uri.UnescapeDataString(decoded[..colon]), out var confidential)
                || confidential.Secret is null
                || !CryptographicOperations.FixedTimeEquals(
                    Encoding.UTF8.GetBytes(Uri.UnescapeDataString(decoded[(colon + 1)..])), Encoding.UTF8.GetBytes(confidential.Secret)))
            {
                return null;
            }
            return confidential;
        }
        // Without Basic auth only a public client may ask, naming itself in the form.
        return _clients.TryGetValue(formClientId, out var client) && client.Secret is null ? client : null;
    }

    private static bool VerifierMatches(string verifier, string challenge, string method)
    {
        if (verifier.Length == 0)
        {
            return false;
        }
        var expected = method == "S256" ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    private XTokenSet Issue(string clientId, string userId, string[] scopes)
    {
        var access = NewToken();
        var expiresAt = time.GetUtcNow().AddSeconds(AccessTokenLifetimeSeconds);
        _accessTokens[access] = new AccessGrant(userId, scopes, expiresAt);
        string? refresh = null;
        if (scopes.Contains("offline.access"))
        {
            refresh = NewToken();
            _refreshTokens[refresh] = new RefreshGrant(clientId, userId, scopes, Spent: false);
        }
        return new XTokenSet(access, refresh, expiresAt, string.Join(' ', scopes));
    }

    private static StandInResponse TokenAnswer(XTokenSet tokens)
    {
        var body = new JsonObject
        {
            ["token_type"] = "bearer",
            ["expires_in"] = AccessTokenLifetimeSeconds,
            ["access_token"] = tokens.AccessToken,
            ["scope"] = tokens.Scope,
        };
        if (tokens.RefreshToken is not null)
        {
            body["refresh_token"] = tokens.RefreshToken;
        }
        return new StandInResponse(200, body, new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
    }

    private static StandInResponse Error(int status, string error, string description) =>
        new(status, new JsonObject { ["error"] = error, ["error_description"] = description });

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));

    private sealed record Client(string Id, string? Secret, HashSet<string>? RedirectUris);

    private sealed record PendingCode(
        string ClientId, string RedirectUri, string[] Scopes, string Challenge, string ChallengeMethod, string UserId, DateTimeOffset ExpiresAt);

    private sealed record AccessGrant(string UserId, string[] Scopes, DateTimeOffset ExpiresAt);

    private sealed record RefreshGrant(string ClientId, string UserId, string[] Scopes, bool Spent);
}

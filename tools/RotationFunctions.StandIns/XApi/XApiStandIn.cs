using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// A local X API v2 over plain HTTP on 127.0.0.1: OAuth 2.0 (authorize with PKCE, which
/// auto-approves as a configured user, and the token endpoint with single-use refresh tokens),
/// users/me, posting, deleting and listing posts, per-user rate limits with X's headers, and
/// fault injection.
/// </summary>
/// <remarks>
/// Where X does not say: refreshing does not revoke the previous access token, it stays valid until
/// it expires (RFC 6749 leaves this to the server; X's docs are silent). Rate-limit headers are sent
/// on every answer of an authenticated API request, not on 401s nor on the OAuth endpoints.
/// </remarks>
public sealed partial class XApiStandIn : IAsyncDisposable
{
    public const int AccessTokenLifetimeSeconds = 7200;
    public const int MaxWeightedLength = 280;

    private const string JsonContentType = "application/json; charset=utf-8";
    private const string ProblemContentType = "application/problem+json";

    private readonly LoopbackServer _server;
    private readonly TimeProvider _time;
    private readonly XApiStandInOptions _options;
    private readonly FaultInjector _faults = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessGrant> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<StoredTweet> _tweets = [];
    private readonly Dictionary<(string Bucket, string UserId), RateWindow> _rateWindows = [];
    private readonly Dictionary<string, int> _requestCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _reusedRefreshTokens = [];
    private long _nextTweetId = 1_860_000_000_000_000_000;
    private int _refreshCount;
    private string? _authorizingUserId;

    private XApiStandIn(LoopbackServer server, TimeProvider time, XApiStandInOptions options)
    {
        _server = server;
        _time = time;
        _options = options;
    }

    /// <summary>The API base address, e.g. http://127.0.0.1:54321/ (X's is https://api.x.com/).</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The authorize page (X's is https://x.com/i/oauth2/authorize).</summary>
    public Uri AuthorizeEndpoint => new(BaseAddress, "i/oauth2/authorize");

    /// <summary>The token endpoint (X's is https://api.x.com/2/oauth2/token).</summary>
    public Uri TokenEndpoint => new(BaseAddress, "2/oauth2/token");

    /// <summary>Successful refresh_token grants so far.</summary>
    public int RefreshCount => Volatile.Read(ref _refreshCount);

    /// <summary>Spent refresh tokens that were presented again: each one is a broken chain.</summary>
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

    /// <summary>The user the authorize page approves as (default: the first user added).</summary>
    public string? AuthorizingUserId
    {
        get { lock (_gate) { return _authorizingUserId; } }
        set { lock (_gate) { _authorizingUserId = value; } }
    }

    public static async Task<XApiStandIn> StartAsync(
        TimeProvider? timeProvider = null,
        XApiStandInOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        XApiStandIn? standIn = null;
        var server = await LoopbackServer.StartAsync(
            (context, stopping) => standIn is null ? NotReadyAsync(context) : standIn.HandleAsync(context, stopping),
            certificate: null, cancellationToken);
        standIn = new XApiStandIn(server, timeProvider ?? TimeProvider.System, options ?? new XApiStandInOptions());
        return standIn;
    }

    /// <summary>
    /// Registers an OAuth 2.0 client. With a secret it is confidential (Basic auth on the token
    /// endpoint); without, public (client_id in the form). Redirect URIs must match exactly when given.
    /// </summary>
    public void RegisterClient(string clientId, string? clientSecret = null, IEnumerable<string>? redirectUris = null)
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
            _authorizingUserId ??= id;
        }
        return user;
    }

    /// <summary>Seeds tokens as if the user had authorized the client with these scopes.</summary>
    public XTokenSet IssueTokens(string clientId, string userId, IEnumerable<string> scopes)
    {
        var scopeSet = scopes.ToArray();
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
            return Issue(clientId, userId, scopeSet);
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests that match fail. <paramref name="path"/> is the
    /// request path (e.g. "/2/tweets"). With <see cref="FaultTiming.AfterApplying"/> the request takes
    /// effect first (a post is stored, a refresh token spent), then the answer is lost.
    /// </summary>
    public void InjectFault(Fault fault, int count = 1, string? method = null, string? path = null,
        FaultTiming timing = FaultTiming.BeforeHandling) =>
        _faults.Add(fault, count, method, path, timing);

    public void ClearFaults() => _faults.Clear();

    /// <summary>Posts of a user in the order they were made, deleted ones included (flagged).</summary>
    public IReadOnlyList<XTweet> GetTweets(string userId)
    {
        lock (_gate)
        {
            return [.. _tweets.Where(t => t.AuthorId == userId).Select(t => t.Snapshot())];
        }
    }

    /// <summary>Requests received for "METHOD /path" (e.g. "POST /2/tweets"), faulted ones included.</summary>
    public int GetRequestCount(string method, string path)
    {
        lock (_gate)
        {
            return _requestCounts.GetValueOrDefault($"{method} {path}");
        }
    }

    /// <summary>
    /// A small stand-in for twitter-text v3 weighting: NFC, each http(s) URL counts 23, code points in
    /// U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 count 1, all others 2. Unlike
    /// twitter-text it does not recognise bare domains as URLs nor count an emoji ZWJ sequence as one.
    /// </summary>
    public static int SimpleWeightedLength(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var length = 0;
        var withoutUrls = Url().Replace(normalized, _ =>
        {
            length += 23;
            return "";
        });
        foreach (var rune in withoutUrls.EnumerateRunes())
        {
            var v = rune.Value;
            length += v <= 0x10FF || v is >= 0x2000 and <= 0x200D or >= 0x2010 and <= 0x201F or >= 0x2032 and <= 0x2037 ? 1 : 2;
        }
        return length;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static Task NotReadyAsync(HttpContext context)
    {
        context.Response.StatusCode = 503;
        return Task.CompletedTask;
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        lock (_gate)
        {
            var key = $"{request.Method} {path}";
            _requestCounts[key] = _requestCounts.GetValueOrDefault(key) + 1;
        }

        if (_faults.Take(request.Method, path, FaultTiming.BeforeHandling) is { } before)
        {
            await StandInResponse.PlayAsync(before, context, FaultBody(before), ProblemContentType, stopping);
            return;
        }

        IFormCollection? form = null;
        if (request.HasFormContentType)
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        JsonNode? json = null;
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                json = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        var response = Route(request, path, form, json);

        if (_faults.Take(request.Method, path, FaultTiming.AfterApplying) is { } after)
        {
            await StandInResponse.PlayAsync(after, context, FaultBody(after), ProblemContentType, stopping);
            return;
        }
        await response.WriteAsync(context, JsonContentType);
    }

    private StandInResponse Route(HttpRequest request, string path, IFormCollection? form, JsonNode? json)
    {
        var segments = path.Trim('/').Split('/');
        var method = request.Method.ToUpperInvariant();
        switch (segments)
        {
            case ["i", "oauth2", "authorize"] when method == "GET":
                return Authorize(request.Query);
            case ["2", "oauth2", "token"] when method == "POST":
                return Token(request.Headers.Authorization.ToString(), form);
            case ["2", "users", "me"] when method == "GET":
                return Api(request, "GET /2/users/me", ["users.read", "tweet.read"], user => UsersMe(user));
            case ["2", "tweets"] when method == "POST":
                return Api(request, "POST /2/tweets", ["tweet.read", "tweet.write", "users.read"], user => PostTweet(user, json));
            case ["2", "tweets", var id] when method == "DELETE":
                return Api(request, "DELETE /2/tweets/:id", ["tweet.read", "tweet.write", "users.read"], user => DeleteTweet(user, id));
            case ["2", "users", var id, "tweets"] when method == "GET":
                return Api(request, "GET /2/users/:id/tweets", ["tweet.read", "users.read"], _ => UserTweets(id, request.Query));
            default:
                return Problem(404, "Not Found Error", "Sorry, that page does not exist.");
        }
    }

    // ---- OAuth 2.0 ------------------------------------------------------------------------------

    private StandInResponse Authorize(IQueryCollection query)
    {
        string Q(string name) => query[name].ToString();
        lock (_gate)
        {
            if (Q("response_type") != "code")
            {
                return OAuthError(400, "invalid_request", "response_type must be code.");
            }
            if (!_clients.TryGetValue(Q("client_id"), out var client))
            {
                return OAuthError(400, "invalid_request", "Unknown client_id.");
            }
            var redirectUri = Q("redirect_uri");
            if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _)
                || (client.RedirectUris is not null && !client.RedirectUris.Contains(redirectUri)))
            {
                return OAuthError(400, "invalid_request", "redirect_uri is missing or not registered for this client.");
            }
            var scopes = Q("scope").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var method = Q("code_challenge_method");
            if (scopes.Length == 0 || Q("state").Length == 0 || Q("code_challenge").Length == 0 || method is not ("S256" or "plain"))
            {
                return OAuthError(400, "invalid_request", "scope, state, code_challenge and code_challenge_method (S256 or plain) are required.");
            }
            if (_authorizingUserId is null || !_users.ContainsKey(_authorizingUserId))
            {
                return OAuthError(400, "invalid_request", "No user is set to approve the authorization (AddUser first).");
            }
            var code = NewToken();
            _codes[code] = new PendingCode(client.Id, redirectUri, scopes, Q("code_challenge"), method, _authorizingUserId,
                _time.GetUtcNow() + _options.AuthorizationCodeLifetime);
            var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var location = $"{redirectUri}{separator}state={Uri.EscapeDataString(Q("state"))}&code={Uri.EscapeDataString(code)}";
            return StandInResponse.Empty(302, new Dictionary<string, string> { ["Location"] = location });
        }
    }

    private StandInResponse Token(string authorization, IFormCollection? form)
    {
        if (form is null)
        {
            return OAuthError(400, "invalid_request", "Request body must be application/x-www-form-urlencoded.");
        }
        string F(string name) => form[name].ToString();
        lock (_gate)
        {
            var client = AuthenticateClient(authorization, F("client_id"));
            if (client is null)
            {
                return OAuthError(401, "unauthorized_client", "Missing valid authorization header");
            }
            switch (F("grant_type"))
            {
                case "authorization_code":
                    {
                        var code = F("code");
                        if (!_codes.TryGetValue(code, out var pending)
                            || pending.ClientId != client.Id
                            || pending.RedirectUri != F("redirect_uri")
                            || _time.GetUtcNow() >= pending.ExpiresAt
                            || !VerifierMatches(F("code_verifier"), pending.Challenge, pending.ChallengeMethod))
                        {
                            return OAuthError(400, "invalid_request", "Value passed for the authorization code was invalid.");
                        }
                        _codes.Remove(code);
                        return TokenAnswer(Issue(client.Id, pending.UserId, pending.Scopes));
                    }
                case "refresh_token":
                    {
                        var token = F("refresh_token");
                        if (!_refreshTokens.TryGetValue(token, out var grant) || grant.ClientId != client.Id)
                        {
                            return OAuthError(400, "invalid_request", "Value passed for the token was invalid.");
                        }
                        if (grant.Spent)
                        {
                            _reusedRefreshTokens.Add(token);
                            return OAuthError(400, "invalid_request", "Value passed for the token was invalid.");
                        }
                        grant.Spent = true;
                        Interlocked.Increment(ref _refreshCount);
                        return TokenAnswer(Issue(client.Id, grant.UserId, grant.Scopes));
                    }
                default:
                    return OAuthError(400, "invalid_request", "Missing or unsupported grant_type.");
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
        var expected = method == "S256"
            ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    private XTokenSet Issue(string clientId, string userId, string[] scopes)
    {
        var access = NewToken();
        var expiresAt = _time.GetUtcNow().AddSeconds(AccessTokenLifetimeSeconds);
        _accessTokens[access] = new AccessGrant(clientId, userId, scopes, expiresAt);
        string? refresh = null;
        if (scopes.Contains("offline.access"))
        {
            refresh = NewToken();
            _refreshTokens[refresh] = new RefreshGrant(clientId, userId, scopes);
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

    // ---- API ------------------------------------------------------------------------------------

    /// <summary>Bearer check, scope check, the per-user rate limit (every request counts), then the handler.</summary>
    private StandInResponse Api(HttpRequest request, string endpoint, string[] requiredScopes, Func<XUser, StandInResponse> handler)
    {
        var authorization = request.Headers.Authorization.ToString();
        lock (_gate)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || !_accessTokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var grant)
                || _time.GetUtcNow() >= grant.ExpiresAt
                || !_users.TryGetValue(grant.UserId, out var user))
            {
                return Problem(401, "Unauthorized", "Unauthorized");
            }

            if (!requiredScopes.All(grant.Scopes.Contains))
            {
                return Problem(403, "Forbidden", "Forbidden");
            }

            var isPost = endpoint == "POST /2/tweets";
            var limit = isPost ? _options.PostLimit : _options.OtherLimit;
            var windowLength = isPost ? _options.PostWindow : _options.OtherWindow;
            var now = _time.GetUtcNow();
            if (!_rateWindows.TryGetValue((endpoint, user.Id), out var window) || now >= window.ResetsAt)
            {
                _rateWindows[(endpoint, user.Id)] = window = new RateWindow(now + windowLength);
            }
            window.Used++;
            var headers = new Dictionary<string, string>
            {
                ["x-rate-limit-limit"] = limit.ToString(CultureInfo.InvariantCulture),
                ["x-rate-limit-remaining"] = Math.Max(0, limit - window.Used).ToString(CultureInfo.InvariantCulture),
                ["x-rate-limit-reset"] = window.ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            };
            if (window.Used > limit)
            {
                return Problem(429, "Too Many Requests", "Too Many Requests") with { Headers = headers };
            }
            return handler(user) with { Headers = headers };
        }
    }

    private static StandInResponse UsersMe(XUser user) =>
        new(200, new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["username"] = user.Username },
        });

    private StandInResponse PostTweet(XUser user, JsonNode? json)
    {
        if (json?["text"] is not JsonValue textNode || !textNode.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return InvalidRequest("text", "The text field is required and must be a non-empty string.");
        }
        var length = (_options.WeightedLength ?? SimpleWeightedLength)(text);
        if (length > MaxWeightedLength)
        {
            return Problem(400, "Bad Request",
                "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.");
        }
        var replyTo = (string?)json["reply"]?["in_reply_to_tweet_id"];
        if (replyTo is not null && !_tweets.Any(t => t.Id == replyTo && !t.Deleted))
        {
            return Problem(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.");
        }
        var now = _time.GetUtcNow();
        var duplicate = _tweets.Any(t => t.AuthorId == user.Id && !t.Deleted && t.Text == text
            && (_options.DuplicateWindow is not { } window || now - t.CreatedAt < window));
        if (duplicate)
        {
            return Problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
        }
        var tweet = new StoredTweet(
            (_nextTweetId++).ToString(CultureInfo.InvariantCulture), user.Id, text, now, replyTo, (string?)json["reply_settings"]);
        _tweets.Add(tweet);
        return new StandInResponse(201, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["edit_history_tweet_ids"] = new JsonArray(tweet.Id),
                ["id"] = tweet.Id,
                ["text"] = tweet.Text,
            },
        });
    }

    private StandInResponse DeleteTweet(XUser user, string id)
    {
        var tweet = _tweets.FirstOrDefault(t => t.Id == id);
        if (tweet is not null && tweet.AuthorId != user.Id)
        {
            return Problem(403, "Forbidden", "You are not allowed to delete this Tweet.");
        }
        var deleted = tweet is { Deleted: false };
        if (tweet is not null)
        {
            tweet.Deleted = true;
        }
        return new StandInResponse(200, new JsonObject { ["data"] = new JsonObject { ["deleted"] = deleted } });
    }

    private StandInResponse UserTweets(string userId, IQueryCollection query)
    {
        var maxResults = 10;
        if (query.ContainsKey("max_results")
            && (!int.TryParse(query["max_results"], NumberStyles.None, CultureInfo.InvariantCulture, out maxResults) || maxResults is < 5 or > 100))
        {
            return InvalidRequest("max_results", $"The `max_results` query parameter value [{query["max_results"]}] is not between 5 and 100");
        }
        var fields = query["tweet.fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeline = _tweets.Where(t => t.AuthorId == userId && !t.Deleted).OrderByDescending(t => long.Parse(t.Id, CultureInfo.InvariantCulture)).ToList();
        var start = 0;
        if (query["pagination_token"].ToString() is { Length: > 0 } token)
        {
            start = timeline.FindIndex(t => t.Id == token);
            if (start < 0)
            {
                return InvalidRequest("pagination_token", "The `pagination_token` query parameter value is not valid.");
            }
        }
        var page = timeline.Skip(start).Take(maxResults).ToList();
        var meta = new JsonObject { ["result_count"] = page.Count };
        if (page.Count > 0)
        {
            meta["newest_id"] = page[0].Id;
            meta["oldest_id"] = page[^1].Id;
        }
        if (start + page.Count < timeline.Count)
        {
            meta["next_token"] = timeline[start + page.Count].Id;
        }
        var body = new JsonObject();
        if (page.Count > 0)
        {
            var data = new JsonArray();
            foreach (var tweet in page)
            {
                var item = new JsonObject
                {
                    ["edit_history_tweet_ids"] = new JsonArray(tweet.Id),
                    ["id"] = tweet.Id,
                    ["text"] = tweet.Text,
                };
                if (fields.Contains("created_at"))
                {
                    item["created_at"] = tweet.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                }
                if (fields.Contains("author_id"))
                {
                    item["author_id"] = tweet.AuthorId;
                }
                data.Add(item);
            }
            body["data"] = data;
        }
        body["meta"] = meta;
        return new StandInResponse(200, body);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static StandInResponse Problem(int status, string title, string detail) =>
        new(status, new JsonObject { ["title"] = title, ["type"] = "about:blank", ["status"] = status, ["detail"] = detail },
            ContentType: ProblemContentType);

    private static StandInResponse InvalidRequest(string parameter, string message) =>
        new(400, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["parameters"] = new JsonObject { [parameter] = new JsonArray() },
                ["message"] = message,
            }),
            ["title"] = "Invalid Request",
            ["detail"] = "One or more parameters to your request was invalid.",
            ["type"] = "https://api.twitter.com/2/problems/invalid-request",
        }, ContentType: ProblemContentType);

    private static StandInResponse OAuthError(int status, string error, string description) =>
        new(status, new JsonObject { ["error"] = error, ["error_description"] = description });

    private static JsonObject? FaultBody(Fault fault) => fault.StatusCode switch
    {
        0 => null,
        429 => Problem(429, "Too Many Requests", "Too Many Requests").Body as JsonObject,
        500 => Problem(500, "Internal Server Error", "Internal Server Error").Body as JsonObject,
        503 => Problem(503, "Service Unavailable", "Service Unavailable").Body as JsonObject,
        var s => Problem(s, "Error", "Injected fault").Body as JsonObject,
    };

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    private sealed record Client(string Id, string? Secret, HashSet<string>? RedirectUris);

    private sealed record PendingCode(
        string ClientId, string RedirectUri, string[] Scopes, string Challenge, string ChallengeMethod, string UserId, DateTimeOffset ExpiresAt);

    private sealed record AccessGrant(string ClientId, string UserId, string[] Scopes, DateTimeOffset ExpiresAt);

    private sealed class RefreshGrant(string clientId, string userId, string[] scopes)
    {
        public string ClientId { get; } = clientId;
        public string UserId { get; } = userId;
        public string[] Scopes { get; } = scopes;
        public bool Spent { get; set; }
    }

    private sealed class RateWindow(DateTimeOffset resetsAt)
    {
        public DateTimeOffset ResetsAt { get; } = resetsAt;
        public int Used { get; set; }
    }

    private sealed class StoredTweet(string id, string authorId, string text, DateTimeOffset createdAt, string? replyTo, string? replySettings)
    {
        public string Id { get; } = id;
        public string AuthorId { get; } = authorId;
        public string Text { get; } = text;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public string? ReplyTo { get; } = replyTo;
        public string? ReplySettings { get; } = replySettings;
        public bool Deleted { get; set; }

        public XTweet Snapshot() => new(Id, AuthorId, Text, CreatedAt, ReplyTo, ReplySettings, Deleted);
    }
}

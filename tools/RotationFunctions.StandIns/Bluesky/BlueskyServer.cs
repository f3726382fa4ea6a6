using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>The PDS's XRPC routes and state (see <see cref="BlueskyStandIn"/> for the sources of each behaviour).</summary>
internal sealed class BlueskyServer(TimeProvider time, BlueskyStandInOptions options)
{
    private const string Post = "app.bsky.feed.post";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Did, string Handle)> _passwords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _handles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Did, DateTimeOffset Expires, string? AppPassword)> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Did, string? AppPassword, DateTimeOffset Expires)> _refresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _signInCodes = new(StringComparer.Ordinal);
    private readonly BlueskyAppPasswordStore _appPasswords = new();
    private readonly HashSet<string> _spent = new(StringComparer.Ordinal);
    private readonly List<BlueskyStandInPost> _posts = [];
    private readonly BlueskyBlobStore _blobs = new(options);
    private readonly BlueskyThreads _threads = new();
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _rates = new(StringComparer.Ordinal);

    public int ReusedRefreshTokens { get; private set; }

    public void AddAccount(string did, string handle, string password, string? signInCode = null)
    {
        lock (_lock)
        {
            _passwords[$"{handle}\n{password}"] = (did, handle);
            _handles[handle] = did;
            if (signInCode is not null)
            {
                _signInCodes[did] = signInCode;
            }
        }
    }

    public IReadOnlyList<string> AppPasswordNames(string did)
    {
        lock (_lock)
        {
            return [.. _appPasswords.List(did).Select(p => p.Name)];
        }
    }

    public IReadOnlyList<string> RevokedAppPasswords(string did)
    {
        lock (_lock)
        {
            return [.. _appPasswords.Revoked.GetValueOrDefault(did) ?? []];
        }
    }

    public IReadOnlyList<string> IssuedAppPasswords(string did)
    {
        lock (_lock)
        {
            return [.. _appPasswords.Issued.GetValueOrDefault(did) ?? []];
        }
    }

    /// <summary>Ends every access token of the account now, as their 2-hour lifetime does (refresh tokens live on).</summary>
    public void ExpireSessions(string did)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var (token, access) in _access.Where(a => a.Value.Did == did).ToList())
            {
                _access[token] = access with { Expires = now };
            }
        }
    }

    /// <summary>Spends the account's record-write budget so the window resets in <paramref name="resetIn"/>: the next createRecord answers 429.</summary>
    public void SpendWriteLimit(string did, TimeSpan resetIn)
    {
        lock (_lock)
        {
            var window = TimeSpan.FromHours(1);
            _rates["write:" + did] = (time.GetUtcNow() - window + resetIn, options.WritesPerHour);
        }
    }

    public void AddHandle(string handle, string did)
    {
        lock (_lock)
        {
            _handles[handle] = did;
        }
    }

    public IReadOnlyList<BlueskyStandInPost> Posts(string did)
    {
        lock (_lock)
        {
            return [.. _posts.Where(p => p.Did == did)];
        }
    }

    public int RequestCount(string nsid)
    {
        lock (_lock)
        {
            return _requests.GetValueOrDefault(nsid);
        }
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/xrpc/com.atproto.server.createSession", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            var identifier = body?["identifier"]?.GetValue<string>() ?? "";
            var password = body?["password"]?.GetValue<string>() ?? "";
            var code = body?["authFactorToken"]?.GetValue<string>();
            return Locked("com.atproto.server.createSession", () =>
            {
                var (headers, exceeded) = Count("session:" + identifier, 30, TimeSpan.FromMinutes(5));
                if (exceeded)
                {
                    return Error(429, "RateLimitExceeded", "Rate Limit Exceeded") with { Headers = headers };
                }
                if (_passwords.TryGetValue($"{identifier}\n{password}", out var account))
                {
                    // E-mail two-factor sign-in asks for the code mailed to the account (createSession's AuthFactorTokenRequired).
                    return _signInCodes.TryGetValue(account.Did, out var expected) && code != expected
                        ? Error(401, "AuthFactorTokenRequired", "A sign in code has been sent to your email address") with { Headers = headers }
                        : Session(account) with { Headers = headers };
                }
                // An app password signs in without the second factor, to a session of app scope (its name kept for revocation).
                return _handles.TryGetValue(identifier, out var did) && _appPasswords.Find(did, password) is { } name
                    ? Session((did, _handles.First(h => h.Value == did).Key), name) with { Headers = headers }
                    : Error(401, "AuthenticationRequired", "Invalid identifier or password") with { Headers = headers };
            });
        });
        app.MapPost("/xrpc/com.atproto.server.createAppPassword", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            return Authorized(request, "com.atproto.server.createAppPassword", (did, appPassword) =>
            {
                if (appPassword is not null)
                {
                    // ACCESS_FULL: a session made with an app password cannot make more (auth-verifier.ts, "Bad token scope").
                    return Error(400, "InvalidToken", "Bad token scope");
                }
                if (body?["name"]?.GetValue<string>() is not { Length: > 0 } name)
                {
                    return Error(400, "InvalidRequest", "Input must have the property \"name\"");
                }
                var now = time.GetUtcNow();
                return _appPasswords.Create(did, name, now) is { } password
                    ? new StandInResponse(200, new JsonObject { ["name"] = name, ["password"] = password, ["createdAt"] = Stamp(now), ["privileged"] = false })
                    // The (did, name) primary key refuses the insert; the reference PDS does not catch it: a 500.
                    : Error(500, "InternalServerError", "Internal Server Error");
            });
        });
        app.MapGet("/xrpc/com.atproto.server.listAppPasswords", (HttpRequest request) => Authorized(request, "com.atproto.server.listAppPasswords", (did, _) =>
            new StandInResponse(200, new JsonObject
            {
                ["passwords"] = new JsonArray([.. _appPasswords.List(did).Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["createdAt"] = Stamp(p.CreatedAt), ["privileged"] = false })]),
            })));
        app.MapPost("/xrpc/com.atproto.server.revokeAppPassword", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            return Authorized(request, "com.atproto.server.revokeAppPassword", (did, _) =>
            {
                if (body?["name"]?.GetValue<string>() is not { } name)
                {
                    return Error(400, "InvalidRequest", "Input must have the property \"name\"");
                }
                _appPasswords.Revoke(did, name);
                foreach (var token in _refresh.Where(r => r.Value.Did == did && r.Value.AppPassword == name).Select(r => r.Key).ToList())
                {
                    _refresh.Remove(token);
                }
                return new StandInResponse(200, null);
            });
        });
        app.MapPost("/xrpc/com.atproto.server.refreshSession", (HttpRequest request) => Locked("com.atproto.server.refreshSession", () =>
        {
            var token = Bearer(request);
            if (token is not null && _spent.Contains(token))
            {
                ReusedRefreshTokens++;
                return Error(400, "ExpiredToken", "Token has been revoked");
            }
            if (token is null || !_refresh.TryGetValue(token, out var refresh))
            {
                return Error(401, "InvalidToken", "Token could not be verified");
            }
            if (refresh.Expires <= time.GetUtcNow())
            {
                // The JWT's exp has passed: the PDS's verifier refuses it before any look-up, as an expired access token.
                return Error(400, "ExpiredToken", "Token has expired");
            }
            _refresh.Remove(token);
            _spent.Add(token);
            return Session((refresh.Did, _handles.First(h => h.Value == refresh.Did).Key), refresh.AppPassword);
        }));
        app.MapPost("/xrpc/com.atproto.repo.createRecord", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            return Authorized(request, "com.atproto.repo.createRecord", (did, _) => CreateRecord(did, body));
        });
        app.MapPost("/xrpc/com.atproto.repo.uploadBlob", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            var bytes = buffer.ToArray();
            return Authorized(request, "com.atproto.repo.uploadBlob", (did, _) => _blobs.Upload(did, bytes, request.ContentType));
        });
        app.MapGet("/xrpc/com.atproto.repo.getRecord", (HttpRequest request) => Locked("com.atproto.repo.getRecord", () =>
        {
            var uri = $"at://{request.Query["repo"]}/{request.Query["collection"]}/{request.Query["rkey"]}";
            return _posts.FirstOrDefault(p => p.Uri == uri) is { } post
                ? new StandInResponse(200, new JsonObject { ["uri"] = post.Uri, ["cid"] = Cid(post), ["value"] = post.Record.DeepClone() })
                : Error(400, "RecordNotFound", $"Could not locate record: {uri}");
        }));
        app.MapGet("/xrpc/com.atproto.identity.resolveHandle", (HttpRequest request) => Locked("com.atproto.identity.resolveHandle", () =>
            _handles.TryGetValue(request.Query["handle"].ToString(), out var did)
                ? new StandInResponse(200, new JsonObject { ["did"] = did })
                : Error(400, "InvalidRequest", "Unable to resolve handle")));
        app.MapPost("/xrpc/com.atproto.repo.deleteRecord", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            return Authorized(request, "com.atproto.repo.deleteRecord", (did, _) => DeleteRecord(did, body));
        });
        MapNotifications(app);
        app.MapFallback("{**path}", () => Error(501, "MethodNotImplemented", "Method Not Implemented"));
    }

    private StandInResponse CreateRecord(string did, JsonNode? body)
    {
        var (headers, exceeded) = Count("write:" + did, options.WritesPerHour, TimeSpan.FromHours(1));
        if (exceeded)
        {
            return Error(429, "RateLimitExceeded", "Rate Limit Exceeded") with { Headers = headers };
        }
        var repo = body?["repo"]?.GetValue<string>();
        var collection = body?["collection"]?.GetValue<string>();
        var rkey = body?["rkey"]?.GetValue<string>() ?? Tid();
        if (repo != did && !_handles.TryGetValue(repo ?? "", out _))
        {
            return Error(400, "InvalidRequest", "Invalid repo") with { Headers = headers };
        }
        if (collection != Post || body?["record"] is not JsonObject record || record["text"]?.GetValue<string>() is not { } text)
        {
            return Error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: Record must have the property \"text\"") with { Headers = headers };
        }
        if (new StringInfo(text.Normalize(NormalizationForm.FormC)).LengthInTextElements > 300 || Encoding.UTF8.GetByteCount(text) > 3000)
        {
            return Error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes") with { Headers = headers };
        }
        if (rkey.Length != 13 || rkey.Any(c => !"234567abcdefghijklmnopqrstuvwxyz".Contains(c)))
        {
            return Error(400, "InvalidRequest", "Invalid app.bsky.feed.post record key: must be a TID") with { Headers = headers };
        }
        var uri = $"at://{did}/{collection}/{rkey}";
        if (_posts.Any(p => p.Uri == uri))
        {
            return Error(400, "InvalidRequest", "Record already exists") with { Headers = headers };
        }
        if (BlueskyThreads.ReplyProblem(record["reply"]) is { } badReply)
        {
            return Error(400, "InvalidRequest", badReply) with { Headers = headers };
        }
        if (_blobs.ImagesProblem(did, record["embed"]) is { } refused)
        {
            return refused with { Headers = headers };
        }
        var post = new BlueskyStandInPost(uri, did, rkey, text, (JsonObject)record.DeepClone(), time.GetUtcNow());
        _posts.Add(post);
        return new StandInResponse(200, new JsonObject { ["uri"] = uri, ["cid"] = Cid(post), ["validationStatus"] = "valid" }, headers);
    }

    private readonly List<BlueskyStandInPost> _deleted = [];

    public IReadOnlyList<BlueskyStandInPost> Deleted(string did)
    {
        lock (_lock)
        {
            return [.. _deleted.Where(p => p.Did == did)];
        }
    }

    /// <summary>com.atproto.repo.deleteRecord as packages/pds/src/api/com/atproto/repo/deleteRecord.ts answers it (see <see cref="BlueskyStandIn"/>).</summary>
    private StandInResponse DeleteRecord(string did, JsonNode? body)
    {
        var (headers, exceeded) = Count("write:" + did, options.WritesPerHour, TimeSpan.FromHours(1));
        if (exceeded)
        {
            return Error(429, "RateLimitExceeded", "Rate Limit Exceeded") with { Headers = headers };
        }
        var repo = body?["repo"]?.GetValue<string>() ?? "";
        var collection = body?["collection"]?.GetValue<string>();
        var rkey = body?["rkey"]?.GetValue<string>();
        var repoDid = repo.StartsWith("did:", StringComparison.Ordinal) ? (_handles.ContainsValue(repo) ? repo : null) : _handles.GetValueOrDefault(repo);
        if (repoDid is null)
        {
            return Error(400, "InvalidRequest", $"Could not find repo: {repo}") with { Headers = headers };
        }
        if (repoDid != did)
        {
            return Error(401, "AuthRequired", "Authentication Required") with { Headers = headers };
        }
        if (collection is null || rkey is null || _posts.FirstOrDefault(p => p.Uri == $"at://{did}/{collection}/{rkey}") is not { } post)
        {
            // No such record: a no-op, answered without a commit ("No-op if record already doesn't exist").
            return collection is null || rkey is null ? Error(400, "InvalidRequest", "Input must have the properties \"collection\" and \"rkey\"") with { Headers = headers }
                : new StandInResponse(200, new JsonObject(), headers);
        }
        _posts.Remove(post);
        _deleted.Add(post);
        return new StandInResponse(200, new JsonObject { ["commit"] = new JsonObject { ["cid"] = Cid(post), ["rev"] = Tid() } }, headers);
    }

    private StandInResponse Authorized(HttpRequest request, string nsid, Func<string, string?, StandInResponse> handler) => Locked(nsid, () =>
    {
        var token = Bearer(request);
        if (token is null || !_access.TryGetValue(token, out var access))
        {
            return Error(401, "InvalidToken", "Token could not be verified");
        }
        return access.Expires <= time.GetUtcNow() ? Error(400, "ExpiredToken", "Token has expired") : handler(access.Did, access.AppPassword);
    });

    private StandInResponse Locked(string nsid, Func<StandInResponse> handler)
    {
        lock (_lock)
        {
            _requests[nsid] = _requests.GetValueOrDefault(nsid) + 1;
            return handler();
        }
    }

    /// <summary>A session; <paramref name="appPassword"/> names the app password it was made with (app scope).</summary>
    private StandInResponse Session((string Did, string Handle) account, string? appPassword = null)
    {
        var access = "bsky-access-" + Guid.NewGuid().ToString("N");
        var refresh = "bsky-refresh-" + Guid.NewGuid().ToString("N");
        _access[access] = (account.Did, time.GetUtcNow() + options.AccessTokenLifetime, appPassword);
        _refresh[refresh] = (account.Did, appPassword, time.GetUtcNow() + options.RefreshTokenLifetime);
        return new StandInResponse(200, new JsonObject
        {
            ["did"] = account.Did, ["handle"] = account.Handle, ["accessJwt"] = access, ["refreshJwt"] = refresh, ["active"] = true,
        });
    }

    /// <summary>A fixed window per key; headers as the PDS sends them (reset in Unix seconds, policy "limit;w=seconds").</summary>
    private (Dictionary<string, string> Headers, bool Exceeded) Count(string key, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        var (start, count) = _rates.TryGetValue(key, out var rate) && now - rate.Start < window ? rate : (now, 0);
        _rates[key] = (start, ++count);
        return (new Dictionary<string, string>
        {
            ["ratelimit-limit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["ratelimit-remaining"] = Math.Max(limit - count, 0).ToString(CultureInfo.InvariantCulture),
            ["ratelimit-reset"] = (start + window).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["ratelimit-policy"] = $"{limit};w={(int)window.TotalSeconds}",
        }, count > limit);
    }

    private string Tid() => "3" + (time.GetUtcNow().ToUnixTimeMilliseconds() % 1_000_000_000_000).ToString("D12", CultureInfo.InvariantCulture).Replace('0', 'a').Replace('1', 'b').Replace('8', 'c').Replace('9', 'd');

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Cid(BlueskyStandInPost post) =>
        "bafyrei" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(post.Record.ToJsonString())))[..40];

    private static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    private static async Task<JsonNode?> BodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StandInResponse Error(int status, string error, string message) => new(status, new JsonObject { ["error"] = error, ["message"] = message });

    /// <summary>A post by <paramref name="authorHandle"/> that notifies <paramref name="did"/> (see <see cref="BlueskyThreads.Add"/>).</summary>
    public (string Uri, string Cid) AddNotification(string did, string authorDid, string authorHandle, string reason, string text, DateTimeOffset at, (string Uri, string Cid)? replyRoot = null) =>
        _threads.Add(did, authorDid, authorHandle, reason, text, at, replyRoot);

    private void MapNotifications(IEndpointRouteBuilder app) =>
        app.MapGet("/xrpc/app.bsky.notification.listNotifications", (HttpRequest request) =>
            Authorized(request, "app.bsky.notification.listNotifications", (did, _) => _threads.List(did, request.Query)));
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Mastodon;

/// <summary>The instance's routes and state (see <see cref="MastodonStandIn"/> for the sources of each behaviour).</summary>
internal sealed partial class MastodonServer(TimeProvider time, int maxCharacters)
{
    private static readonly TimeSpan IdempotencyTime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(5);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Id, string Username)> _tokens = new(StringComparer.Ordinal);
    private readonly List<MastodonStandInStatus> _statuses = [];
    private readonly Dictionary<(string Account, string Key), (MastodonStandInStatus Status, DateTimeOffset At)> _keys = [];
    private readonly Dictionary<string, (DateTimeOffset WindowStart, int Count)> _rates = new(StringComparer.Ordinal);
    private long _nextId = 110_000_000_000_000_001;
    private readonly MastodonOAuth _oauth = new(time);

    public int PostRequests { get; private set; }
    public int RateLimit { get; set; } = 300;

    /// <summary>The instance's media attachments and their limits.</summary>
    public MastodonMediaStore Media { get; } = new();

    public void AddAccount(string id, string username, string token)
    {
        lock (_lock)
        {
            _tokens[token] = (id, username);
        }
    }

    /// <summary>The account the authorize page approves for (its token names it).</summary>
    public void SignIn(string token)
    {
        lock (_lock)
        {
            _oauth.SignedInToken = token;
        }
    }

    public int AppsRegistered
    {
        get
        {
            lock (_lock)
            {
                return _oauth.AppsRegistered;
            }
        }
    }

    /// <summary>Spends the account's requests of the current window so that it resets in <paramref name="resetIn"/>.</summary>
    public void SpendRateLimit(string accountId, TimeSpan resetIn)
    {
        lock (_lock)
        {
            _rates[accountId] = (time.GetUtcNow() - RateWindow + resetIn, RateLimit);
        }
    }

    public IReadOnlyList<MastodonStandInStatus> Statuses(string accountId)
    {
        lock (_lock)
        {
            return [.. _statuses.Where(s => s.AccountId == accountId)];
        }
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/instance", () => new StandInResponse(200, new JsonObject
        {
            ["domain"] = "127.0.0.1",
            ["configuration"] = new JsonObject
            {
                ["statuses"] = new JsonObject { ["max_characters"] = maxCharacters, ["characters_reserved_per_url"] = 23, ["max_media_attachments"] = 4 },
                ["media_attachments"] = new JsonObject
                {
                    ["supported_mime_types"] = new JsonArray("image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif"),
                    ["description_limit"] = Media.DescriptionLimit,
                    ["image_size_limit"] = Media.ImageSizeLimit,
                },
            },
        }));
        MapMedia(app);
        app.MapPost("/api/v1/statuses", async (HttpRequest request) =>
        {
            var (text, mediaIds, inReplyToId) = await StatusBodyAsync(request);
            var key = request.Headers["Idempotency-Key"].ToString();
            return Api(request, account =>
            {
                PostRequests++;
                if (key.Length > 0 && _keys.TryGetValue((account.Id, key), out var earlier) && time.GetUtcNow() - earlier.At < IdempotencyTime)
                {
                    return new StandInResponse(200, Json(earlier.Status, account.Username));
                }
                // StatusesController#set_thread: a status to answer that the instance does not have is 404 (statuses.errors.in_reply_not_found).
                if (inReplyToId is not null && !_statuses.Any(s => s.Id == inReplyToId) && !_notifications.Any(n => n.Notification["status"]?["id"]?.GetValue<string>() == inReplyToId))
                {
                    return Error(404, "The post you are trying to reply to does not appear to exist.");
                }
                if (Media.Problem(account.Id, mediaIds) is { } refused)
                {
                    return refused;
                }
                if (string.IsNullOrWhiteSpace(text) && mediaIds.Count == 0)
                {
                    return Error(422, "Validation failed: Text can't be blank");
                }
                if (Length(text ?? "") > maxCharacters)
                {
                    return Error(422, $"Validation failed: Text character limit of {maxCharacters} exceeded");
                }
                var status = new MastodonStandInStatus((_nextId++).ToString(CultureInfo.InvariantCulture), account.Id, text ?? "", time.GetUtcNow())
                {
                    Media = Media.Attach(mediaIds),
                    InReplyToId = inReplyToId,
                };
                _statuses.Add(status);
                if (key.Length > 0)
                {
                    _keys[(account.Id, key)] = (status, status.CreatedAt);
                }
                return new StandInResponse(200, Json(status, account.Username));
            });
        });
        app.MapGet("/api/v1/accounts/verify_credentials", (HttpRequest request) =>
            Api(request, account => new StandInResponse(200, new JsonObject { ["id"] = account.Id, ["username"] = account.Username, ["acct"] = account.Username })));
        app.MapGet("/api/v1/accounts/{id}/statuses", (string id, HttpRequest request) => Api(request, account =>
        {
            var limit = int.TryParse(request.Query["limit"], out var l) ? Math.Clamp(l, 1, 40) : 20;
            // methods/accounts.md#statuses: exclude_replies "filter out statuses in reply to a different account".
            var excludeReplies = request.Query["exclude_replies"] == "true";
            var list = _statuses.Where(s => s.AccountId == id && !(excludeReplies && s.InReplyToId is { } to && !_statuses.Any(o => o.Id == to && o.AccountId == id)))
                .OrderByDescending(s => s.CreatedAt).Take(limit).Select(s => (JsonNode?)Json(s, account.Username));
            return new StandInResponse(200, new JsonArray([.. list]));
        }));
        app.MapGet("/api/v1/statuses/{id}/source", (string id, HttpRequest request) => Api(request, _ =>
            _statuses.FirstOrDefault(s => s.Id == id) is { } status
                ? new StandInResponse(200, new JsonObject { ["id"] = status.Id, ["text"] = status.Text, ["spoiler_text"] = "" })
                : Error(404, "Record not found")));
        MapNotifications(app);
        app.MapPost("/api/v1/apps", async (HttpRequest request) =>
        {
            var form = await FormAsync(request);
            lock (_lock)
            {
                return _oauth.RegisterApp(form);
            }
        });
        app.MapGet("/oauth/authorize", (HttpRequest request) =>
        {
            lock (_lock)
            {
                return _oauth.Authorize(request.Query);
            }
        });
        app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var form = await FormAsync(request);
            lock (_lock)
            {
                var (answer, token) = _oauth.Exchange(form);
                if (token is not null && _oauth.SignedInToken is { } signedIn && _tokens.TryGetValue(signedIn, out var account))
                {
                    _tokens[token] = account;
                }
                return answer;
            }
        });
        MapDelete(app);
        app.MapFallback("{**path}", () => Error(404, "Record not found"));
    }

    private readonly List<MastodonStandInStatus> _deleted = [];
    private readonly Dictionary<string, (DateTimeOffset WindowStart, int Count)> _deleteRates = new(StringComparer.Ordinal);
    private static readonly TimeSpan DeleteWindow = TimeSpan.FromMinutes(30);
    private const int DeleteLimit = 30;

    public IReadOnlyList<MastodonStandInStatus> Deleted(string accountId)
    {
        lock (_lock)
        {
            return [.. _deleted.Where(s => s.AccountId == accountId)];
        }
    }

    /// <summary>
    /// DELETE /api/v1/statuses/:id (docs.joinmastodon.org/methods/statuses/#delete): the token's own status only
    /// (StatusesController#destroy finds it among current_account's statuses), answered with the status and its source
    /// "text"; another account's, an unknown or an already deleted id answers 404 {"error": "Record not found"}. Deleting
    /// is limited to 30 per 30 minutes per account (docs.joinmastodon.org/api/rate-limits), 429 past it.
    /// </summary>
    private void MapDelete(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/v1/statuses/{id}", (string id, HttpRequest request) => Api(request, account =>
        {
            var now = time.GetUtcNow();
            var (start, count) = _deleteRates.TryGetValue(account.Id, out var rate) && now - rate.WindowStart < DeleteWindow ? rate : (now, 0);
            _deleteRates[account.Id] = (start, ++count);
            if (count > DeleteLimit)
            {
                return Error(429, "Too many requests");
            }
            if (_statuses.FirstOrDefault(s => s.Id == id && s.AccountId == account.Id) is not { } status)
            {
                return Error(404, "Record not found");
            }
            _statuses.Remove(status);
            _deleted.Add(status);
            var json = Json(status, account.Username);
            json["text"] = status.Text;
            return new StandInResponse(200, json);
        }));

    /// <summary>Bearer token, then the account's rate limit (every authenticated request counts), then the handler, under the lock.</summary>
    private StandInResponse Api(HttpRequest request, Func<(string Id, string Username), StandInResponse> handler)
    {
        var header = request.Headers.Authorization.ToString();
        lock (_lock)
        {
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(header[7..], out var account))
            {
                return Error(401, "The access token is invalid");
            }
            var now = time.GetUtcNow();
            var (start, count) = _rates.TryGetValue(account.Id, out var rate) && now - rate.WindowStart < RateWindow ? rate : (now, 0);
            _rates[account.Id] = (start, ++count);
            var headers = new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = RateLimit.ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Remaining"] = Math.Max(RateLimit - count, 0).ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Reset"] = (start + RateWindow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            };
            var answer = count > RateLimit ? Error(429, "Too many requests") : handler(account);
            return answer with { Headers = headers };
        }
    }

    /// <summary>Form fields, or a JSON body's (Mastodon takes both); redirect_uris as an array joins with newlines, as the API stores them.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> FormAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.ToDictionary(f => f.Key.TrimEnd('[', ']'), f => string.Join("\n", f.Value.ToArray()), StringComparer.Ordinal);
        }
        try
        {
            var json = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
            return (json ?? []).ToDictionary(p => p.Key, p => p.Value is JsonArray a ? string.Join("\n", a.Select(v => v?.ToString())) : p.Value?.ToString() ?? "", StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>The status's text and media_ids[], from a form or a JSON body.</summary>
    private static async Task<(string? Text, IReadOnlyList<string> MediaIds, string? InReplyToId)> StatusBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return (form["status"].ToString(), [.. form["media_ids[]"].OfType<string>()], form["in_reply_to_id"].ToString() is { Length: > 0 } r ? r : null);
        }
        try
        {
            var json = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            var ids = json?["media_ids"] is JsonArray array ? array.Select(i => i?.ToString()).OfType<string>().ToList() : [];
            return (json?["status"]?.GetValue<string>(), ids, json?["in_reply_to_id"]?.ToString());
        }
        catch (JsonException)
        {
            return (null, [], null);
        }
    }

    /// <summary>POST /api/v2/media and GET /api/v1/media/:id (see <see cref="MastodonMediaStore"/>), authorized and counted as every call.</summary>
    private void MapMedia(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/media", async (HttpRequest request) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
            byte[]? bytes = null;
            if (form?.Files.GetFile("file") is { } file)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, request.HttpContext.RequestAborted);
                bytes = buffer.ToArray();
            }
            var description = form?["description"].ToString();
            return Api(request, account => Media.Upload(account.Id, bytes, description, (_nextId++).ToString(CultureInfo.InvariantCulture)));
        });
        app.MapGet("/api/v1/media/{id}", (string id, HttpRequest request) => Api(request, account => Media.Look(account.Id, id)));
    }

    /// <summary>Mastodon's StatusLengthValidator: URLs count 23, @user@domain as @user, the rest by grapheme.</summary>
    private static int Length(string text)
    {
        var urls = Url().Count(text);
        var rest = RemoteMention().Replace(Url().Replace(text, ""), m => m.Groups["user"].Value);
        return (urls * 23) + new StringInfo(rest).LengthInTextElements;
    }

    private static JsonObject Json(MastodonStandInStatus status, string username) => new()
    {
        ["id"] = status.Id,
        ["created_at"] = status.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["url"] = $"https://127.0.0.1/@{username}/{status.Id}",
        ["content"] = "<p>" + System.Net.WebUtility.HtmlEncode(status.Text) + "</p>",
        ["visibility"] = "public",
    };

    private static StandInResponse Error(int status, string message) => new(status, new JsonObject { ["error"] = message });

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<user>@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+[A-Za-z0-9]")]
    private static partial Regex RemoteMention();

    private readonly List<(string AccountId, JsonObject Notification, DateTimeOffset At)> _notifications = [];

    /// <summary>A status by <paramref name="fromUsername"/> that mentions <paramref name="accountId"/>; its content is HTML, as Mastodon renders it.</summary>
    public string AddMention(string accountId, string fromUsername, string text, DateTimeOffset at)
    {
        lock (_lock)
        {
            var id = (_nextId++).ToString(CultureInfo.InvariantCulture);
            var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            _notifications.Add((accountId, new JsonObject
            {
                ["id"] = id,
                ["type"] = "mention",
                ["created_at"] = stamp,
                ["account"] = new JsonObject { ["id"] = "2" + id, ["username"] = fromUsername.Split('@')[0], ["acct"] = fromUsername },
                ["status"] = new JsonObject
                {
                    ["id"] = "3" + id,
                    ["created_at"] = stamp,
                    ["content"] = "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>",
                    ["visibility"] = "public",
                },
            }, at));
            return "3" + id;
        }
    }

    /// <summary>
    /// GET /api/v1/notifications (docs.joinmastodon.org/methods/notifications): the token's notifications newest first,
    /// limit 1…80 (default 40), types[] keeps only those types; each with id, type, created_at, account and, for a
    /// mention, status (content as HTML). Needs the token (401 otherwise, as every authorized method).
    /// </summary>
    private void MapNotifications(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/notifications", (HttpRequest request) => Api(request, account =>
        {
            var limit = int.TryParse(request.Query["limit"], out var l) ? Math.Clamp(l, 1, 80) : 40;
            var types = request.Query["types[]"].Concat(request.Query["types"]).Where(t => t is not null).ToHashSet(StringComparer.Ordinal);
            var list = _notifications.Where(n => n.AccountId == account.Id && (types.Count == 0 || types.Contains(n.Notification["type"]!.GetValue<string>())))
                .OrderByDescending(n => n.At).Take(limit).Select(n => (JsonNode?)n.Notification.DeepClone());
            return new StandInResponse(200, new JsonArray([.. list]));
        }));
}

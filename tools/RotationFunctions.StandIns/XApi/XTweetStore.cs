using System.Globalization;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>Posts: creating (with X's length, reply and duplicate checks), deleting, and a user's timeline.</summary>
internal sealed class XTweetStore(TimeProvider time, XApiStandInOptions options, Func<string, XUser?> users)
{
    private const int MaxWeightedLength = 280;

    private readonly Lock _gate = new();
    private readonly List<XTweet> _tweets = [];
    private readonly Dictionary<string, XPublicMetrics> _metrics = [];
    private long _nextTweetId = 1_860_000_000_000_000_000;

    /// <summary>Posts of a user in the order they were made, deleted ones included (flagged).</summary>
    public IReadOnlyList<XTweet> Of(string userId)
    {
        lock (_gate)
        {
            return [.. _tweets.Where(t => t.AuthorId == userId)];
        }
    }

    /// <summary>POST /2/tweets.</summary>
    public StandInResponse Post(XUser user, JsonNode? json)
    {
        if (json?["text"] is not JsonValue textNode || !textNode.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return XProblem.InvalidRequest("text", "The text field is required and must be a non-empty string.");
        }
        if ((options.WeightedLength ?? XApiStandIn.SimpleWeightedLength)(text) > MaxWeightedLength)
        {
            return XProblem.Create(400, "Bad Request",
                "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.");
        }
        var replyTo = (string?)json["reply"]?["in_reply_to_tweet_id"];
        lock (_gate)
        {
            var target = replyTo is null ? null : _tweets.Find(t => t.Id == replyTo && !t.Deleted);
            if (replyTo is not null && target is null)
            {
                return XProblem.Create(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.");
            }
            // Since 2026-02-24 POST /2/tweets may reply only where the post's author mentioned (or quoted) the
            // replying account (X Developers' announcement, reported at tekedia.com/x-restricts-programmatic-bot-replies-
            // to-boost-genuine-users-interaction and odaily.news/en/newsflash/469433). Quotes are not modelled.
            if (target is not null && target.AuthorId != user.Id && !Mentions(target.Text, user.Username))
            {
                return XProblem.Create(403, "Forbidden",
                    "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.");
            }
            var now = time.GetUtcNow();
            if (IsDuplicate(user.Id, text, now))
            {
                return XProblem.Create(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
            }
            var mediaIds = json["media"]?["media_ids"] is JsonArray ids ? ids.Select(i => (string)i!).ToList() : null;
            var tweet = new XTweet((_nextTweetId++).ToString(CultureInfo.InvariantCulture), user.Id, text, now,
                replyTo, (string?)json["reply_settings"], Deleted: false, mediaIds);
            _tweets.Add(tweet);
            return new StandInResponse(201, new JsonObject { ["data"] = Item(tweet) });
        }
    }

    /// <summary>A post made on X itself (not through this API) by <paramref name="author"/>, e.g. one mentioning an account.</summary>
    public XTweet AddExternal(XUser author, string text)
    {
        lock (_gate)
        {
            var tweet = new XTweet((_nextTweetId++).ToString(CultureInfo.InvariantCulture), author.Id, text, time.GetUtcNow(), null, null, Deleted: false);
            _tweets.Add(tweet);
            return tweet;
        }
    }

    /// <summary>
    /// GET /2/users/{id}/mentions (docs.x.com/x-api/posts/timelines/quickstart/user-mention-quickstart): posts naming
    /// @username, newest first, max_results 5–100, start_time (ISO 8601) and since_id narrowing, author_id and
    /// created_at on request, includes.users with expansions=author_id. Paging is not modelled (one page).
    /// </summary>
    public StandInResponse MentionsOf(XUser user, IQueryCollection query)
    {
        var maxResults = 10;
        if (query.ContainsKey("max_results")
            && (!int.TryParse(query["max_results"], NumberStyles.None, CultureInfo.InvariantCulture, out maxResults) || maxResults is < 5 or > 100))
        {
            return XProblem.InvalidRequest("max_results", $"The `max_results` query parameter value [{query["max_results"]}] is not between 5 and 100");
        }
        DateTimeOffset? startTime = null;
        if (query["start_time"].ToString() is { Length: > 0 } start)
        {
            if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return XProblem.InvalidRequest("start_time", $"Invalid 'start_time':'{start}'.");
            }
            startTime = parsed;
        }
        var sinceId = query["since_id"].ToString() is { Length: > 0 } since && long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        var fields = query["tweet.fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var withAuthors = query["expansions"].ToString().Split(',').Contains("author_id");
        List<XTweet> found;
        lock (_gate)
        {
            var visibleUpTo = time.GetUtcNow() - options.TimelineLag;
            found = [.. _tweets.Where(t => !t.Deleted && t.CreatedAt <= visibleUpTo && Mentions(t.Text, user.Username)
                    && (startTime is null || t.CreatedAt >= startTime) && (sinceId is null || long.Parse(t.Id, CultureInfo.InvariantCulture) > sinceId))
                .Reverse().Take(maxResults)];
        }
        var body = new JsonObject();
        if (found.Count > 0)
        {
            body["data"] = new JsonArray([.. found.Select(tweet =>
            {
                var item = Item(tweet);
                if (fields.Contains("created_at"))
                {
                    item["created_at"] = tweet.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                }
                if (fields.Contains("author_id"))
                {
                    item["author_id"] = tweet.AuthorId;
                }
                return (JsonNode)item;
            })]);
            if (withAuthors)
            {
                body["includes"] = new JsonObject
                {
                    ["users"] = new JsonArray([.. found.Select(t => t.AuthorId).Distinct().Select(users).OfType<XUser>()
                        .Select(u => (JsonNode)new JsonObject { ["id"] = u.Id, ["name"] = u.Name, ["username"] = u.Username })]),
                };
            }
        }
        var meta = new JsonObject { ["result_count"] = found.Count };
        if (found.Count > 0)
        {
            meta["newest_id"] = found[0].Id;
            meta["oldest_id"] = found[^1].Id;
        }
        body["meta"] = meta;
        return new StandInResponse(200, body);
    }

    /// <summary>Whether <paramref name="text"/> @-mentions <paramref name="username"/> (X's handles are case-insensitive).</summary>
    private static bool Mentions(string text, string username) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![A-Za-z0-9_])@{System.Text.RegularExpressions.Regex.Escape(username)}(?![A-Za-z0-9_])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>DELETE /2/tweets/{id}: deleting a missing or deleted post answers deleted: false.</summary>
    public StandInResponse Delete(XUser user, string id)
    {
        lock (_gate)
        {
            var index = _tweets.FindIndex(t => t.Id == id);
            if (index >= 0 && _tweets[index].AuthorId != user.Id)
            {
                return XProblem.Create(403, "Forbidden", "You are not allowed to delete this Tweet.");
            }
            var deleted = index >= 0 && !_tweets[index].Deleted;
            if (deleted)
            {
                _tweets[index] = _tweets[index] with { Deleted = true };
            }
            return new StandInResponse(200, new JsonObject { ["data"] = new JsonObject { ["deleted"] = deleted } });
        }
    }

    /// <summary>GET /2/users/{id}/tweets: newest first, paged by the id of the next post.</summary>
    public StandInResponse Timeline(string userId, IQueryCollection query)
    {
        var maxResults = 10;
        if (query.ContainsKey("max_results")
            && (!int.TryParse(query["max_results"], NumberStyles.None, CultureInfo.InvariantCulture, out maxResults) || maxResults is < 5 or > 100))
        {
            return XProblem.InvalidRequest("max_results", $"The `max_results` query parameter value [{query["max_results"]}] is not between 5 and 100");
        }
        var fields = Fields(query);
        // "YYYY-MM-DDTHH:mm:ssZ", start_time inclusive and end_time exclusive (docs.x.com/x-api/users/get-posts).
        DateTimeOffset? startTime = null, endTime = null;
        foreach (var (name, set) in new (string, Action<DateTimeOffset>)[] { ("start_time", v => startTime = v), ("end_time", v => endTime = v) })
        {
            if (query[name].ToString() is { Length: > 0 } value)
            {
                if (!DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    return XProblem.InvalidRequest(name, $"Invalid '{name}':'{value}'. '{name}' must be in the format 'YYYY-MM-DDTHH:mm:ssZ'");
                }
                set(at);
            }
        }
        List<XTweet> timeline;
        lock (_gate)
        {
            // Ids grow with every post, so newest first is the reverse of the order they were made. A post younger
            // than the lag is not listed yet (see XApiStandInOptions.TimelineLag).
            var visibleUpTo = time.GetUtcNow() - options.TimelineLag;
            timeline = [.. _tweets.Where(t => t.AuthorId == userId && !t.Deleted && t.CreatedAt <= visibleUpTo
                && (startTime is null || t.CreatedAt >= startTime) && (endTime is null || t.CreatedAt < endTime)).Reverse()];
        }
        var start = 0;
        if (query["pagination_token"].ToString() is { Length: > 0 } token)
        {
            start = timeline.FindIndex(t => t.Id == token);
            if (start < 0)
            {
                return XProblem.InvalidRequest("pagination_token", "The `pagination_token` query parameter value is not valid.");
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
            body["data"] = new JsonArray([.. page.Select(tweet => (JsonNode)Item(tweet, fields))]);
        }
        body["meta"] = meta;
        return new StandInResponse(200, body);
    }

    /// <summary>Sets the counts X shows for a post (none set: all zero).</summary>
    public void SetMetrics(string tweetId, XPublicMetrics metrics)
    {
        lock (_gate)
        {
            _metrics[tweetId] = metrics;
        }
    }

    /// <summary>
    /// GET /2/tweets?ids=: 1 to 100 numeric ids (docs.x.com/x-api/posts/lookup/api-reference/get-tweets). A 200 with
    /// the posts that exist in "data" (absent when none does) and, for every other id, a resource-not-found entry
    /// in "errors" (a deleted post is not found either): X's partial errors, which a client must read as such.
    /// </summary>
    public StandInResponse Lookup(IQueryCollection query)
    {
        var ids = query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length is < 1 or > 100)
        {
            return XProblem.InvalidRequest("ids", ids.Length == 0
                ? "The `ids` query parameter can not be empty"
                : $"The number of values in the `ids` query parameter list [{ids.Length}] is not between 1 and 100");
        }
        if (ids.FirstOrDefault(id => !id.All(char.IsAsciiDigit) || id.Length > 19) is { } bad)
        {
            return XProblem.InvalidRequest("ids", $"The `ids` query parameter value [{bad}] does not match ^[0-9]{{1,19}}$");
        }
        var fields = Fields(query);
        var data = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            XTweet? found;
            lock (_gate)
            {
                found = _tweets.FirstOrDefault(t => t.Id == id && !t.Deleted);
            }
            if (found is not null)
            {
                data.Add(Item(found, fields));
                continue;
            }
            errors.Add(new JsonObject
            {
                ["value"] = id,
                ["detail"] = $"Could not find tweet with ids: [{id}].",
                ["title"] = "Not Found Error",
                ["resource_type"] = "tweet",
                ["parameter"] = "ids",
                ["resource_id"] = id,
                ["type"] = "https://api.twitter.com/2/problems/resource-not-found",
            });
        }
        var body = new JsonObject();
        if (data.Count > 0)
        {
            body["data"] = data;
        }
        if (errors.Count > 0)
        {
            body["errors"] = errors;
        }
        return new StandInResponse(200, body);
    }

    /// <summary>
    /// X's duplicate check over the user's posts that still exist, as far back as
    /// <see cref="XApiStandInOptions.DuplicateWindow"/> says (undocumented by X: worst case modelled). Under the lock.
    /// </summary>
    private bool IsDuplicate(string userId, string text, DateTimeOffset now) => options.DuplicateWindow switch
    {
        null => _tweets.Any(t => t.AuthorId == userId && !t.Deleted && t.Text == text),
        { } window when window == TimeSpan.Zero => false,
        { } window => _tweets.Any(t => t.AuthorId == userId && !t.Deleted && t.Text == text && now - t.CreatedAt < window),
    };

    private static string[] Fields(IQueryCollection query) =>
        query["tweet.fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A post with the fields asked for. Not under the lock: it takes it for the metrics.</summary>
    private JsonObject Item(XTweet tweet, string[] fields)
    {
        var item = Item(tweet);
        if (fields.Contains("created_at"))
        {
            item["created_at"] = tweet.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        if (fields.Contains("author_id"))
        {
            item["author_id"] = tweet.AuthorId;
        }
        if (fields.Contains("public_metrics"))
        {
            XPublicMetrics m;
            lock (_gate)
            {
                m = _metrics.GetValueOrDefault(tweet.Id) ?? new XPublicMetrics(0, 0, 0, 0);
            }
            item["public_metrics"] = new JsonObject
            {
                ["retweet_count"] = m.Reposts,
                ["reply_count"] = m.Replies,
                ["like_count"] = m.Likes,
                ["quote_count"] = 0,
                ["bookmark_count"] = 0,
                ["impression_count"] = m.Impressions,
            };
        }
        return item;
    }

    private static JsonObject Item(XTweet tweet) => new()
    {
        ["edit_history_tweet_ids"] = new JsonArray(tweet.Id),
        ["id"] = tweet.Id,
        ["text"] = tweet.Text,
    };
}

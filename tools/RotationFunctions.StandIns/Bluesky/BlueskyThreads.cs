using System.Globalization;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>
/// Others' posts that notify an account (mentions, replies), and the reply refs a post of the account may carry.
/// Sources: lexicons/app/bsky/notification/listNotifications.json (notifications newest first, limit 1…100, default 50,
/// reasons[] filter; each with uri, cid, author, reason, record, isRead, indexedAt) and lexicons/app/bsky/feed/post.json
/// (#replyRef: root and parent, both required com.atproto.repo.strongRef {uri, cid}).
/// </summary>
internal sealed class BlueskyThreads
{
    private const string Post = "app.bsky.feed.post";
    private readonly Lock _lock = new();
    private readonly List<(string Did, JsonObject Notification, DateTimeOffset IndexedAt)> _notifications = [];
    private int _next;

    /// <summary>
    /// A post by <paramref name="authorHandle"/> that notifies <paramref name="did"/> (reason "mention", "reply", "like", …);
    /// with <paramref name="replyRoot"/> the post is itself a reply in that thread (its record's reply.root). Answers its strong ref.
    /// </summary>
    public (string Uri, string Cid) Add(string did, string authorDid, string authorHandle, string reason, string text, DateTimeOffset at, (string Uri, string Cid)? replyRoot)
    {
        lock (_lock)
        {
            var rkey = "3kz" + (++_next).ToString("D10", CultureInfo.InvariantCulture).Replace('0', 'a').Replace('1', 'b').Replace('8', 'c').Replace('9', 'd');
            var (uri, cid) = ($"at://{authorDid}/{Post}/{rkey}", "bafyrei" + rkey);
            var record = new JsonObject { ["$type"] = Post, ["text"] = text, ["createdAt"] = Stamp(at) };
            if (replyRoot is { } root)
            {
                // The notifying post answers a post in the thread: here the root itself is its parent.
                record["reply"] = new JsonObject { ["root"] = Ref(root.Uri, root.Cid), ["parent"] = Ref(root.Uri, root.Cid) };
            }
            _notifications.Add((did, new JsonObject
            {
                ["uri"] = uri,
                ["cid"] = cid,
                ["author"] = new JsonObject { ["did"] = authorDid, ["handle"] = authorHandle },
                ["reason"] = reason,
                ["record"] = record,
                ["isRead"] = false,
                ["indexedAt"] = Stamp(at),
            }, at));
            return (uri, cid);
        }
    }

    public StandInResponse List(string did, IQueryCollection query)
    {
        var limit = int.TryParse(query["limit"], out var l) ? l : 50;
        if (limit is < 1 or > 100)
        {
            return new StandInResponse(400, new JsonObject { ["error"] = "InvalidRequest", ["message"] = "limit must be between 1 and 100" });
        }
        var reasons = query["reasons"].Where(r => r is not null).ToHashSet(StringComparer.Ordinal);
        lock (_lock)
        {
            var list = _notifications.Where(n => n.Did == did && (reasons.Count == 0 || reasons.Contains(n.Notification["reason"]!.GetValue<string>())))
                .OrderByDescending(n => n.IndexedAt).Take(limit).Select(n => (JsonNode?)n.Notification.DeepClone());
            return new StandInResponse(200, new JsonObject { ["notifications"] = new JsonArray([.. list]) });
        }
    }

    /// <summary>A post record's reply as the lexicon requires it (root and parent, each with an at:// uri and a cid), or what the PDS would say is wrong.</summary>
    public static string? ReplyProblem(JsonNode? reply)
    {
        if (reply is null)
        {
            return null;
        }
        foreach (var part in new[] { "root", "parent" })
        {
            if (reply[part] is not JsonObject strongRef)
            {
                return $"Invalid app.bsky.feed.post record: Record/reply must have the property \"{part}\"";
            }
            if (strongRef["uri"]?.GetValue<string>() is not { } uri || !uri.StartsWith("at://", StringComparison.Ordinal))
            {
                return $"Invalid app.bsky.feed.post record: Record/reply/{part}/uri must be a valid at-uri";
            }
            if (strongRef["cid"]?.GetValue<string>() is not { Length: > 0 })
            {
                return $"Invalid app.bsky.feed.post record: Record/reply/{part} must have the property \"cid\"";
            }
        }
        return null;
    }

    private static JsonObject Ref(string uri, string cid) => new() { ["uri"] = uri, ["cid"] = cid };

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

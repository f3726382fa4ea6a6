using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;
using RotationFunctions.Text;

namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// Bluesky as a channel: an app.bsky.feed.post record with facets for links and mentions (UTF-8 byte offsets,
/// mentions by DID), created under a record key derived from the step (<see cref="BlueskyRecordKey"/>). Exactly once
/// without an idempotency key: a retry asks for the same key, so the repo answers that the record exists (or the
/// look-up finds it) instead of taking a second post.
/// </summary>
public sealed partial class BlueskyPublisher(BlueskyClient client, BlueskySessions sessions, TimeProvider time) : IChannelPublisher, IChannelDeleter, IChannelReplier
{
    public const string PostCollection = "app.bsky.feed.post";

    public Channel Channel => Channel.Bluesky;

    /// <summary>getRecord reads the repo itself: a record is there as soon as createRecord committed it.</summary>
    public TimeSpan TimelineLag => TimeSpan.Zero;

    public Task<PublishResult> PublishAsync(ChannelPost post, CancellationToken cancellationToken) => PublishAsync(post, reply: null, cancellationToken);

    /// <summary>
    /// A reply: the record's reply {root, parent} strong refs (lexicons/app/bsky/feed/post.json #replyRef), the parent being
    /// the post answered and the root its thread's root (the parent itself when it starts the thread). Once as a post is.
    /// </summary>
    public Task<PublishResult> ReplyAsync(ChannelPost post, ChannelReply reply, CancellationToken cancellationToken) => PublishAsync(post, reply, cancellationToken);

    private async Task<PublishResult> PublishAsync(ChannelPost post, ChannelReply? reply, CancellationToken cancellationToken)
    {
        var rkey = RecordKey(post);
        var record = await RecordAsync(post, cancellationToken);
        if (reply is not null)
        {
            var parent = new JsonObject { ["uri"] = reply.ParentId, ["cid"] = reply.ParentCid };
            record["reply"] = new JsonObject
            {
                ["root"] = reply.RootId is { } root ? new JsonObject { ["uri"] = root, ["cid"] = reply.RootCid } : parent.DeepClone(),
                ["parent"] = parent,
            };
        }
        try
        {
            if (post.Images is { Count: > 0 } images)
            {
                record["embed"] = await EmbedAsync(post.AccountId, images, cancellationToken);
            }
            var uri = await WithSessionAsync(post.AccountId, session => client.CreateRecordAsync(session, PostCollection, rkey, record, cancellationToken), cancellationToken);
            return new PublishResult(uri, WasDuplicate: false);
        }
        catch (BlueskyXrpcException e) when (e.Status is 400 or 409 or 500)
        {
            // "Record already exists" (an InvalidRequest, RecordAlreadyExists since atproto PR #4728, a 500 before it): an
            // earlier attempt of this step made it. Anything else at 400 is a refusal; the look-up tells which.
            var session = await sessions.GetAsync(post.AccountId, cancellationToken);
            (string Uri, string? Text)? existing;
            try
            {
                existing = await client.GetRecordAsync(session.Did, PostCollection, rkey, cancellationToken);
            }
            catch (BlueskyXrpcException)
            {
                throw Map(e, time);
            }
            return existing is { } found ? new PublishResult(found.Uri, WasDuplicate: true) : throw Map(e, time);
        }
        catch (BlueskyXrpcException e)
        {
            throw Map(e, time);
        }
    }

    /// <summary>A reply is found as a post is: by its record key.</summary>
    public Task<string?> FindReplyAsync(ChannelPost post, ChannelReply reply, CancellationToken cancellationToken) => FindAsync(post, cancellationToken);

    public async Task<string?> FindAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(post.AccountId, cancellationToken);
        try
        {
            return (await client.GetRecordAsync(session.Did, PostCollection, RecordKey(post), cancellationToken))?.Uri;
        }
        catch (BlueskyXrpcException e)
        {
            throw Map(e, time);
        }
    }

    /// <summary>
    /// Deletes the post at:// uri <paramref name="postId"/> (com.atproto.repo.deleteRecord). A uri of another repo or collection
    /// is not the account's post: false without asking, as the PDS would refuse it (another's repo) anyway.
    /// </summary>
    public async Task<bool> DeleteAsync(string accountId, string postId, CancellationToken cancellationToken)
    {
        if (ParseUri(postId) is not { } parts || parts.Collection != PostCollection)
        {
            return false;
        }
        try
        {
            var session = await sessions.GetAsync(accountId, cancellationToken);
            if (session.Did != parts.Did)
            {
                return false;
            }
            return await WithSessionAsync(accountId, s => client.DeleteRecordAsync(s, PostCollection, parts.RecordKey, cancellationToken), cancellationToken);
        }
        catch (BlueskyXrpcException e)
        {
            throw Map(e, time);
        }
    }

    /// <summary>at://{did}/{collection}/{rkey} (atproto.com/specs/at-uri-scheme) in its parts; null for anything else.</summary>
    public static (string Did, string Collection, string RecordKey)? ParseUri(string uri)
    {
        if (!uri.StartsWith("at://", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = uri["at://".Length..].Split('/');
        return parts.Length == 3 && parts[0].StartsWith("did:", StringComparison.Ordinal) && parts[1].Length > 0 && parts[2].Length > 0
            ? (parts[0], parts[1], parts[2])
            : null;
    }

    /// <summary>
    /// app.bsky.embed.images (lexicons/app/bsky/embed/images.json: at most 4, each {alt, image: blob}): each image uploaded
    /// on this attempt. A retry uploads the same bytes again, which answer the same blob (content addressed), and asks for
    /// the same record key, so the post is still made once.
    /// </summary>
    private async Task<JsonObject> EmbedAsync(string accountId, IReadOnlyList<ChannelImage> images, CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var image in images)
        {
            var blob = await WithSessionAsync(accountId, session => client.UploadBlobAsync(session, image.Bytes, image.MediaType, cancellationToken), cancellationToken);
            list.Add(new JsonObject { ["alt"] = image.Alt, ["image"] = blob });
        }
        return new JsonObject { ["$type"] = "app.bsky.embed.images", ["images"] = list };
    }

    private static string RecordKey(ChannelPost post) => post.RecordKey ?? BlueskyRecordKey.For(post.Boundary, post.StepIndex);

    /// <summary>The post record: text, createdAt (the step's first attempt, the same on every retry), facets.</summary>
    private async Task<JsonObject> RecordAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        var facets = new JsonArray();
        foreach (Match link in Link().Matches(post.Text))
        {
            var url = link.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '"', '\'');
            facets.Add(Facet(post.Text, link.Index, url.Length, new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = url }));
        }
        foreach (var (handle, start, length) in ChannelMentions.BlueskySpans(post.Text))
        {
            string? did;
            try
            {
                did = await client.ResolveHandleAsync(handle, cancellationToken);
            }
            catch (BlueskyXrpcException e)
            {
                throw Map(e, time);
            }
            if (did is not null)
            {
                facets.Add(Facet(post.Text, start, length, new JsonObject { ["$type"] = "app.bsky.richtext.facet#mention", ["did"] = did }));
            }
        }
        var record = new JsonObject
        {
            ["$type"] = PostCollection,
            ["text"] = post.Text,
            ["createdAt"] = post.FirstAttemptAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (facets.Count > 0)
        {
            record["facets"] = facets;
        }
        return record;
    }

    /// <summary>A facet over text[start, start + length) in UTF-8 bytes, as app.bsky.richtext.facet#byteSlice counts.</summary>
    public static JsonObject Facet(string text, int start, int length, JsonObject feature)
    {
        var byteStart = Encoding.UTF8.GetByteCount(text.AsSpan(0, start));
        return new JsonObject
        {
            ["index"] = new JsonObject { ["byteStart"] = byteStart, ["byteEnd"] = byteStart + Encoding.UTF8.GetByteCount(text.AsSpan(start, length)) },
            ["features"] = new JsonArray(feature),
        };
    }

    private async Task<T> WithSessionAsync<T>(string accountId, Func<BlueskySession, Task<T>> call, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(accountId, cancellationToken);
        try
        {
            return await call(session);
        }
        catch (BlueskyXrpcException e) when (e.IsExpiredToken)
        {
            return await call(await sessions.RefreshAsync(accountId, session, cancellationToken));
        }
    }

    /// <summary>XRPC errors in the kinds the handover knows: no answer and 5xx wait, 429 waits for ratelimit-reset, the rest is refused.</summary>
    internal static XApiException Map(BlueskyXrpcException e, TimeProvider time) => e.Status switch
    {
        null or >= 500 => new XApiException(XErrorKind.Transient, e.Message, inner: e) { Channel = Channel.Bluesky, StatusCode = e.Status },
        429 => new XApiException(XErrorKind.RateLimited, e.Message, e.RateLimitReset is { } reset && reset > time.GetUtcNow() ? reset - time.GetUtcNow() : TimeSpan.FromMinutes(5), e)
        { Channel = Channel.Bluesky, StatusCode = 429, RateLimitReset = e.RateLimitReset },
        401 => new XApiException(XErrorKind.Unauthorized, e.Message, inner: e) { Channel = Channel.Bluesky, StatusCode = 401 },
        _ => new XApiException(XErrorKind.Rejected, e.Message, inner: e) { Channel = Channel.Bluesky, StatusCode = e.Status },
    };

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Polly.Timeout;

namespace RotationFunctions.Channels.X;

/// <summary>
/// Typed HttpClient on X API v2 (user context: every call carries the account's OAuth 2.0 access
/// token). Failures become <see cref="XApiException"/>s whose <see cref="XApiException.Kind"/> says
/// what the caller can do; the resilience pipeline (see <see cref="XServiceCollectionExtensions"/>)
/// retries idempotent requests only.
/// </summary>
public sealed class XClient(HttpClient httpClient, TimeProvider timeProvider)
{
    /// <summary>POST /2/tweets. Never retried by the pipeline: a timeout may still have posted the tweet.</summary>
    public async Task<XTweet> PostTweetAsync(string accessToken, XPostTweetRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Text);
        var body = new XPostTweetBody
        {
            Text = request.Text,
            Reply = request.InReplyToTweetId is { } replyTo ? new XReplyBody { InReplyToTweetId = replyTo } : null,
            Media = request.MediaIds is { Count: > 0 } ids ? new XMediaBody { MediaIds = [.. ids] } : null,
            ReplySettings = request.ReplySettings switch
            {
                null => null,
                XReplySettings.Following => "following",
                XReplySettings.MentionedUsers => "mentionedUsers",
                XReplySettings.Subscribers => "subscribers",
                XReplySettings.Verified => "verified",
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.ReplySettings, "Unknown reply setting."),
            },
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, "2/tweets") { Content = JsonContent.Create(body) };
        var data = await SendAsync<XDataEnvelope<XTweet>>(message, accessToken, "POST /2/tweets", cancellationToken);
        return data?.Data ?? throw new XApiException(XErrorKind.Transient, "X API POST /2/tweets answered without data.");
    }

    /// <summary>DELETE /2/tweets/{id}. True when X says it deleted the tweet.</summary>
    public async Task<bool> DeleteTweetAsync(string accessToken, string tweetId, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, $"2/tweets/{Uri.EscapeDataString(tweetId)}");
        var data = await SendAsync<XDataEnvelope<XDeleteResult>>(message, accessToken, "DELETE /2/tweets/{id}", cancellationToken);
        return data?.Data?.Deleted ?? false;
    }

    /// <summary>GET /2/users/me: the user the access token speaks for.</summary>
    public async Task<XUser> GetMeAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "2/users/me");
        var data = await SendAsync<XDataEnvelope<XUser>>(message, accessToken, "GET /2/users/me", cancellationToken);
        return data?.Data ?? throw new XApiException(XErrorKind.Transient, "X API GET /2/users/me answered without data.");
    }

    /// <summary>GET /2/users/{id}/tweets: the user's most recent tweets (newest first), <paramref name="maxResults"/> 5–100.</summary>
    public async Task<IReadOnlyList<XTweet>> GetUserTweetsAsync(string accessToken, string userId, int maxResults, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, 100);
        using var message = new HttpRequestMessage(
            HttpMethod.Get,
            $"2/users/{Uri.EscapeDataString(userId)}/tweets?max_results={maxResults.ToString(CultureInfo.InvariantCulture)}&tweet.fields=created_at");
        var data = await SendAsync<XDataEnvelope<List<XTweet>>>(message, accessToken, "GET /2/users/{id}/tweets", cancellationToken);
        return data?.Data ?? [];
    }

    private async Task<T?> SendAsync<T>(HttpRequestMessage message, string accessToken, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new XApiException(XErrorKind.Transient, $"X API {operation} did not answer in time.", inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new XApiException(XErrorKind.Transient, $"X API {operation} did not answer in time.", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new XApiException(XErrorKind.Transient, $"X API {operation} could not be reached ({ex.HttpRequestError}).", inner: ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
                }
                catch (System.Text.Json.JsonException ex)
                {
                    throw new XApiException(XErrorKind.Transient, $"X API {operation} answered {(int)response.StatusCode} with a body that is not the expected JSON.", inner: ex)
                    {
                        StatusCode = (int)response.StatusCode,
                    };
                }
            }
            throw await ToExceptionAsync(response, operation, timeProvider, cancellationToken);
        }
    }

    internal static async Task<XApiException> ToExceptionAsync(HttpResponseMessage response, string operation, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? body = null;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            // The status code alone still says what to do.
        }
        var error = XError.Parse(body);
        var text = $"X API {operation} answered {status} {response.ReasonPhrase}: {error.Describe()}";
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return new XApiException(XErrorKind.Unauthorized, text) { StatusCode = status };
            case HttpStatusCode.PaymentRequired:
                // Pay-per-use (since Feb 2026): "API requests will be blocked until you add credits"
                // (docs.x.com/x-api/getting-started/pricing). Waiting helps only once an admin pays.
                return new XApiException(XErrorKind.CreditsExhausted, $"{text} (the X developer account's credits are used up: add credits in the developer console)") { StatusCode = status };
            case HttpStatusCode.TooManyRequests:
                var reset = RateLimitReset(response);
                var now = timeProvider.GetUtcNow();
                var retryAfter = reset is { } r ? (r > now ? r - now : TimeSpan.Zero) : response.Headers.RetryAfter?.Delta;
                return new XApiException(XErrorKind.RateLimited, reset is { } at ? $"{text} (window resets at {at:O})" : text, retryAfter)
                {
                    StatusCode = status,
                    RateLimitReset = reset,
                };
            case HttpStatusCode.Forbidden:
                return new XApiException(XErrorKind.Rejected, text) { StatusCode = status, IsDuplicateContent = error.IsDuplicateContent };
            case HttpStatusCode.RequestTimeout:
                return new XApiException(XErrorKind.Transient, text) { StatusCode = status };
            default:
                return new XApiException(status >= 500 ? XErrorKind.Transient : XErrorKind.Rejected, text) { StatusCode = status };
        }
    }

    /// <summary>
    /// When posting may work again: x-rate-limit-reset (the 15-minute window), unless a 24-hour cap is
    /// spent (x-user-limit-24hour-remaining or x-app-limit-24hour-remaining 0), whose reset is later.
    /// All resets are Unix seconds.
    /// </summary>
    internal static DateTimeOffset? RateLimitReset(HttpResponseMessage response)
    {
        var reset = Number(response, "x-rate-limit-reset") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        foreach (var cap in new[] { "x-user-limit-24hour", "x-app-limit-24hour" })
        {
            if (Number(response, cap + "-remaining") is <= 0 && Number(response, cap + "-reset") is { } capSeconds &&
                DateTimeOffset.FromUnixTimeSeconds(capSeconds) is var capReset && (reset is null || capReset > reset))
            {
                reset = capReset;
            }
        }
        return reset;
    }

    private static long? Number(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) &&
        long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    // Issue 15's week report: the account's posts between two instants and their public_metrics. Reads are billed
    // per post returned ("Posts: Read", docs.x.com/x-api/getting-started/pricing), so callers count what they read.

    /// <summary>The most ids GET /2/tweets takes in one request ("A comma separated list of Post IDs. Up to 100 are allowed in a single request", docs.x.com/x-api/posts/lookup/api-reference/get-tweets).</summary>
    public const int MaxLookupIds = 100;

    /// <summary>
    /// GET /2/tweets?ids=…&amp;tweet.fields=created_at,public_metrics: 1 to <see cref="MaxLookupIds"/> posts with their
    /// likes, reposts, replies and impressions. X answers 200 with the posts it can show in "data" and one entry per
    /// other id (deleted, never existed, protected) in "errors" (partial errors, docs.x.com/x-api/fundamentals/response-codes-and-errors);
    /// those ids come back in <see cref="XTweetLookup.Missing"/>.
    /// </summary>
    public async Task<XTweetLookup> GetTweetsWithMetricsAsync(string accessToken, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ids.Count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Count, MaxLookupIds);
        using var message = new HttpRequestMessage(HttpMethod.Get,
            $"2/tweets?ids={string.Join(',', ids.Select(Uri.EscapeDataString))}&tweet.fields=created_at,public_metrics");
        var answer = await SendAsync<XLookupEnvelope>(message, accessToken, "GET /2/tweets", cancellationToken);
        var found = answer?.Data ?? [];
        var missing = (answer?.Errors ?? []).Select(e => e.ResourceId ?? e.Value).OfType<string>()
            .Where(id => ids.Contains(id) && !found.Any(t => t.Id == id)).Distinct().ToList();
        // An id neither in data nor in errors is missing too: the week report must not count it as read.
        missing.AddRange(ids.Where(id => !found.Any(t => t.Id == id) && !missing.Contains(id)).Distinct());
        return new XTweetLookup(found, missing);
    }

    /// <summary>
    /// One page (up to 100, newest first) of GET /2/users/{id}/tweets between <paramref name="start"/> (inclusive) and
    /// <paramref name="end"/> (exclusive), whole seconds ("start_time … inclusive", "end_time … exclusive",
    /// docs.x.com/x-api/users/get-posts), with public_metrics; the next page's token, or null after the last.
    /// </summary>
    public async Task<XTimelinePage> GetUserTweetsBetweenAsync(string accessToken, string userId, DateTimeOffset start, DateTimeOffset end, string? paginationToken, CancellationToken cancellationToken)
    {
        static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var query = $"max_results=100&start_time={Rfc3339(start)}&end_time={Rfc3339(end)}&tweet.fields=created_at,public_metrics"
            + (paginationToken is null ? "" : $"&pagination_token={Uri.EscapeDataString(paginationToken)}");
        using var message = new HttpRequestMessage(HttpMethod.Get, $"2/users/{Uri.EscapeDataString(userId)}/tweets?{query}");
        var answer = await SendAsync<XTimelineEnvelope>(message, accessToken, "GET /2/users/{id}/tweets", cancellationToken);
        return new XTimelinePage(answer?.Data ?? [], answer?.Meta?.NextToken);
    }

    // ---- The curator portal: mentions (to reply to) ----

    /// <summary>
    /// GET /2/users/{id}/mentions (docs.x.com/x-api/posts/timelines/quickstart/user-mention-quickstart): posts that
    /// mention the user, newest first, since <paramref name="sinceId"/> when given, else from <paramref name="startTime"/>
    /// (ISO 8601, second granularity, inclusive), with author_id, created_at and the authors' handles
    /// (expansions=author_id). Each post read is billed (pay-per-use), so callers cache.
    /// </summary>
    public async Task<IReadOnlyList<XMention>> GetMentionsAsync(
        string accessToken, string userId, DateTimeOffset startTime, string? sinceId, int maxResults, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, 100);
        var query = $"max_results={maxResults.ToString(CultureInfo.InvariantCulture)}&tweet.fields=created_at,author_id&expansions=author_id&user.fields=username"
            + (sinceId is not null
                ? $"&since_id={Uri.EscapeDataString(sinceId)}"
                : $"&start_time={Uri.EscapeDataString(startTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}");
        using var message = new HttpRequestMessage(HttpMethod.Get, $"2/users/{Uri.EscapeDataString(userId)}/mentions?{query}");
        var data = await SendAsync<XMentionsEnvelope>(message, accessToken, "GET /2/users/{id}/mentions", cancellationToken);
        var authors = (data?.Includes?.Users ?? []).ToDictionary(u => u.Id, u => u.Username, StringComparer.Ordinal);
        return [.. (data?.Data ?? []).Select(m => m with { AuthorUsername = m.AuthorId is { } a ? authors.GetValueOrDefault(a) : null })];
    }

    // ---- The curator portal: images ----

    /// <summary>
    /// POST /2/media/upload in one request (docs.x.com/x-api/media/image-or-subtitle-media-upload): the image's
    /// raw bytes as the multipart field "media", media_category tweet_image; needs the media.write scope. The
    /// answer's data.id goes in media.media_ids of the post. Not retried: a lost answer only costs an unused id.
    /// </summary>
    public async Task<string> UploadImageAsync(string accessToken, ReadOnlyMemory<byte> image, string mediaType, CancellationToken cancellationToken)
    {
        var file = new ReadOnlyMemoryContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var form = new MultipartFormDataContent { { file, "media", "image" }, { new StringContent("tweet_image"), "media_category" } };
        using var message = new HttpRequestMessage(HttpMethod.Post, "2/media/upload") { Content = form };
        var data = await SendAsync<XDataEnvelope<XMediaUploaded>>(message, accessToken, "POST /2/media/upload", cancellationToken);
        return data?.Data?.Id ?? throw new XApiException(XErrorKind.Transient, "X API POST /2/media/upload answered without a media id.");
    }

    /// <summary>POST /2/media/metadata (docs.x.com/x-api/media/create-media-metadata): the image's alt text (at most 1,000 characters).</summary>
    public async Task SetAltTextAsync(string accessToken, string mediaId, string altText, CancellationToken cancellationToken)
    {
        var body = new JsonObjectBody { Id = mediaId, Metadata = new() { AltText = new() { Text = altText } } };
        using var message = new HttpRequestMessage(HttpMethod.Post, "2/media/metadata") { Content = JsonContent.Create(body) };
        await SendAsync<JsonElement>(message, accessToken, "POST /2/media/metadata", cancellationToken);
    }

    private sealed class XMediaUploaded
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }
    }

    private sealed class JsonObjectBody
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("metadata")]
        public required MetadataBody Metadata { get; init; }

        public sealed class MetadataBody
        {
            [JsonPropertyName("alt_text")]
            public required AltTextBody AltText { get; init; }
        }

        public sealed class AltTextBody
        {
            [JsonPropertyName("text")]
            public required string Text { get; init; }
        }
    }
}

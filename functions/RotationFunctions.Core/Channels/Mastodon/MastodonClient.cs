using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Channels.Mastodon;

/// <summary>
/// A small typed HttpClient on the Mastodon REST API (docs.joinmastodon.org/methods): statuses with an
/// Idempotency-Key, the instance's limits, the account's statuses and their source text. Each call names the
/// instance, since every account has its own. Failures are <see cref="XApiException"/>s of channel Mastodon,
/// with the kinds X's have; the message never carries the token.
/// </summary>
public sealed class MastodonClient(HttpClient http, IOptions<MastodonOptions> options, TimeProvider time)
{
    private static readonly ConcurrentDictionary<Uri, (MastodonLimits Limits, DateTimeOffset At)> Limits = new();

    /// <summary>
    /// POST /api/v1/statuses (a reply with <paramref name="inReplyToId"/>): the same Idempotency-Key within the hour answers the status it made (no second one), whatever
    /// media ids the repeat names. <paramref name="mediaIds"/> must be processed: the instance answers 422 otherwise.
    /// </summary>
    public async Task<MastodonStatus> PostStatusAsync(
        Uri instance, string token, string text, string idempotencyKey, CancellationToken cancellationToken, IReadOnlyList<string>? mediaIds = null, string? inReplyToId = null)
    {
        using var request = Request(HttpMethod.Post, instance, "api/v1/statuses", token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var body = new JsonObject { ["status"] = text, ["visibility"] = "public" };
        if (inReplyToId is not null)
        {
            // docs.joinmastodon.org/methods/statuses/#create: "in_reply_to_id: ID of the status being replied to".
            body["in_reply_to_id"] = inReplyToId;
        }
        if (mediaIds is { Count: > 0 })
        {
            body["media_ids"] = new JsonArray([.. mediaIds.Select(id => (JsonNode)id)]);
        }
        request.Content = JsonContent.Create(body);
        var json = await SendAsync(request, cancellationToken);
        return Status(json);
    }

    /// <summary>
    /// DELETE /api/v1/statuses/:id (docs.joinmastodon.org/methods/statuses/#delete): true when the token's own status was
    /// deleted now; false on 404, which the instance answers for a status that is gone or was never the account's.
    /// </summary>
    public async Task<bool> DeleteStatusAsync(Uri instance, string token, string statusId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, instance, $"api/v1/statuses/{Uri.EscapeDataString(statusId)}", token);
        try
        {
            await SendAsync(request, cancellationToken);
            return true;
        }
        catch (XApiException e) when (e.StatusCode == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// POST /api/v2/media (docs.joinmastodon.org/methods/media/#v2), multipart: file and description (the alt text). 200 with
    /// the attachment when processed at once; 202 with url null while the instance still processes it (then
    /// <see cref="IsProcessedAsync"/> until it is).
    /// </summary>
    public async Task<MastodonMedia> UploadMediaAsync(Uri instance, string token, ChannelImage image, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, instance, "api/v2/media", token);
        var file = new ReadOnlyMemoryContent(image.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(image.MediaType);
        var form = new MultipartFormDataContent
        {
            { file, "file", image.MediaType == "image/png" ? "image.png" : "image.jpg" },
            { new StringContent(image.Alt), "description" },
        };
        request.Content = form;
        var (status, json) = await SendWithStatusAsync(request, cancellationToken);
        var id = json?["id"]?.GetValue<string>() ?? throw new XApiException(XErrorKind.Transient, "Mastodon answered a media upload without an id.") { Channel = Channel.Mastodon };
        return new MastodonMedia(id, status == HttpStatusCode.OK && json["url"] is JsonValue);
    }

    /// <summary>GET /api/v1/media/:id (docs.joinmastodon.org/methods/media/#get): 200 when processed, 206 while it is not yet.</summary>
    public async Task<bool> IsProcessedAsync(Uri instance, string token, string mediaId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, instance, $"api/v1/media/{Uri.EscapeDataString(mediaId)}", token);
        var (status, _) = await SendWithStatusAsync(request, cancellationToken);
        return status == HttpStatusCode.OK;
    }

    /// <summary>The instance's limits, asked once per <see cref="MastodonOptions.InstanceCacheTime"/>.</summary>
    public async Task<MastodonLimits> GetLimitsAsync(Uri instance, CancellationToken cancellationToken)
    {
        if (Limits.TryGetValue(instance, out var cached) && time.GetUtcNow() - cached.At < options.Value.InstanceCacheTime)
        {
            return cached.Limits;
        }
        using var request = Request(HttpMethod.Get, instance, "api/v2/instance", token: null);
        var json = await SendAsync(request, cancellationToken);
        var statuses = json?["configuration"]?["statuses"];
        var media = json?["configuration"]?["media_attachments"];
        var defaults = new MastodonLimits(500, 23);
        var limits = new MastodonLimits(
            statuses?["max_characters"]?.GetValue<int>() ?? 500,
            statuses?["characters_reserved_per_url"]?.GetValue<int>() ?? 23)
        {
            MaxMediaAttachments = statuses?["max_media_attachments"]?.GetValue<int>() ?? defaults.MaxMediaAttachments,
            ImageSizeLimit = media?["image_size_limit"]?.GetValue<long>() ?? defaults.ImageSizeLimit,
            DescriptionLimit = media?["description_limit"]?.GetValue<int>() ?? defaults.DescriptionLimit,
            SupportedMimeTypes = media?["supported_mime_types"] is JsonArray types ? [.. types.Select(t => t?.GetValue<string>()).OfType<string>()] : null,
        };
        Limits[instance] = (limits, time.GetUtcNow());
        return limits;
    }

    /// <summary>The token's account id (GET /api/v1/accounts/verify_credentials).</summary>
    public async Task<string> GetAccountIdAsync(Uri instance, string token, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, instance, "api/v1/accounts/verify_credentials", token);
        var json = await SendAsync(request, cancellationToken);
        return json?["id"]?.GetValue<string>() ?? throw new XApiException(XErrorKind.Transient, "Mastodon answered verify_credentials without an id.") { Channel = Channel.Mastodon };
    }

    /// <summary>The account's latest statuses (GET /api/v1/accounts/:id/statuses, newest first, at most 40), replies to others left out unless asked for.</summary>
    public async Task<IReadOnlyList<MastodonStatus>> GetStatusesAsync(Uri instance, string token, string accountId, CancellationToken cancellationToken, bool excludeReplies = true)
    {
        var replies = excludeReplies ? "true" : "false";
        using var request = Request(HttpMethod.Get, instance, $"api/v1/accounts/{Uri.EscapeDataString(accountId)}/statuses?limit=40&exclude_replies={replies}&exclude_reblogs=true", token);
        var json = await SendAsync(request, cancellationToken);
        return json is JsonArray array ? [.. array.Select(Status)] : [];
    }

    /// <summary>The plain text a status was posted with (GET /api/v1/statuses/:id/source): its content is HTML.</summary>
    public async Task<string?> GetSourceTextAsync(Uri instance, string token, string statusId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, instance, $"api/v1/statuses/{Uri.EscapeDataString(statusId)}/source", token);
        var json = await SendAsync(request, cancellationToken);
        return json?["text"]?.GetValue<string>();
    }

    /// <summary>
    /// The account's latest mentions: GET /api/v1/notifications?types[]=mention (docs.joinmastodon.org/methods/notifications),
    /// newest first, at most 40; each status's content is HTML.
    /// </summary>
    public async Task<IReadOnlyList<MastodonMention>> GetMentionsAsync(Uri instance, string token, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, instance, "api/v1/notifications?types[]=mention&limit=40", token);
        var json = await SendAsync(request, cancellationToken);
        return json is JsonArray array
            ? [.. array.OfType<JsonObject>().Where(n => n["type"]?.GetValue<string>() == "mention" && n["status"] is JsonObject).Select(n => new MastodonMention(
                n["status"]!["id"]?.GetValue<string>() ?? "",
                n["account"]?["acct"]?.GetValue<string>() ?? "",
                n["status"]!["content"]?.GetValue<string>() ?? "",
                DateTimeOffset.TryParse(n["status"]!["created_at"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null))]
            : [];
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri instance, string path, string? token)
    {
        var baseUri = instance.AbsoluteUri.EndsWith('/') ? instance : new Uri(instance.AbsoluteUri + "/");
        var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    private static MastodonStatus Status(JsonNode? json) => new(
        json?["id"]?.GetValue<string>() ?? throw new XApiException(XErrorKind.Transient, "Mastodon answered a status without an id.") { Channel = Channel.Mastodon },
        json["url"]?.GetValue<string>(),
        DateTimeOffset.Parse(json["created_at"]?.GetValue<string>() ?? "1970-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (await SendWithStatusAsync(request, cancellationToken)).Json;

    private async Task<(HttpStatusCode Status, JsonNode? Json)> SendWithStatusAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.AttemptTimeout);
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new XApiException(XErrorKind.Transient, $"Mastodon did not answer {request.Method} {request.RequestUri?.AbsolutePath} ({e.GetType().Name}).", inner: e) { Channel = Channel.Mastodon };
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            try
            {
                json = body.Length == 0 ? null : JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                // An HTML error page from a proxy: the status code says enough.
            }
            if (response.IsSuccessStatusCode)
            {
                return (response.StatusCode, json);
            }
            throw Failure(response, json);
        }
    }

    /// <summary>Mastodon's errors (docs.joinmastodon.org/entities/Error, /api/rate-limits): {"error": "..."}; 429 with X-RateLimit-Reset as an ISO 8601 time.</summary>
    private XApiException Failure(HttpResponseMessage response, JsonNode? json)
    {
        var status = (int)response.StatusCode;
        var error = (json is JsonObject ? json["error"]?.GetValue<string>() : null) ?? response.ReasonPhrase ?? "no reason given";
        var message = $"Mastodon answered {status}: {error}";
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                var reset = response.Headers.TryGetValues("X-RateLimit-Reset", out var values) &&
                            DateTimeOffset.TryParse(values.First(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
                var wait = reset is { } r && r > time.GetUtcNow() ? r - time.GetUtcNow() : TimeSpan.FromMinutes(5);
                return new XApiException(XErrorKind.RateLimited, message, wait) { Channel = Channel.Mastodon, StatusCode = status, RateLimitReset = reset };
            case HttpStatusCode.Unauthorized:
                return new XApiException(XErrorKind.Unauthorized, $"{message}; store a new access token (secret {options.Value.TokenSecretPrefix}<account>)") { Channel = Channel.Mastodon, StatusCode = status };
            case >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout:
            // A status naming media the instance still processes (PostStatusService: media_attachments.validations.not_ready): later it goes.
            case HttpStatusCode.UnprocessableEntity when error.StartsWith("Cannot attach files that have not finished processing", StringComparison.Ordinal):
                return new XApiException(XErrorKind.Transient, message) { Channel = Channel.Mastodon, StatusCode = status };
            default:
                return new XApiException(XErrorKind.Rejected, message) { Channel = Channel.Mastodon, StatusCode = status };
        }
    }
}

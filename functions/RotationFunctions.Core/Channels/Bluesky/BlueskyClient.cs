using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// A small typed HttpClient on AT Protocol XRPC (lexicons in github.com/bluesky-social/atproto, lexicons/com/atproto):
/// sessions (createSession, refreshSession), records (createRecord, getRecord) and handle resolution. Errors are
/// <see cref="BlueskyXrpcException"/>s; no message carries a token or a password.
/// </summary>
public sealed class BlueskyClient(HttpClient http, IOptions<BlueskyOptions> options)
{
    /// <summary>
    /// com.atproto.server.createSession: identifier (handle or e-mail) and password → a session. The central server allows few
    /// a day: keep the session. An account with e-mail two-factor sign-in answers AuthFactorTokenRequired until
    /// <paramref name="authFactorToken"/> carries the code it mailed.
    /// </summary>
    public async Task<BlueskySession> CreateSessionAsync(string identifier, string password, CancellationToken cancellationToken, string? authFactorToken = null)
    {
        var body = new JsonObject { ["identifier"] = identifier, ["password"] = password };
        if (authFactorToken is not null)
        {
            body["authFactorToken"] = authFactorToken;
        }
        return Session(await SendAsync(HttpMethod.Post, "com.atproto.server.createSession", null, body, cancellationToken));
    }

    /// <summary>com.atproto.server.createAppPassword (needs a session of the main password): the new password, which no later call shows again.</summary>
    public async Task<string> CreateAppPasswordAsync(BlueskySession session, string name, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Post, "com.atproto.server.createAppPassword", session.AccessJwt, new JsonObject { ["name"] = name }, cancellationToken);
        return json?["password"]?.GetValue<string>() ?? throw new BlueskyXrpcException(502, "InvalidResponse", "createAppPassword answered without a password");
    }

    /// <summary>com.atproto.server.listAppPasswords: the names of the account's app passwords (never the passwords).</summary>
    public async Task<IReadOnlyList<string>> ListAppPasswordsAsync(BlueskySession session, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Get, "com.atproto.server.listAppPasswords", session.AccessJwt, null, cancellationToken);
        return [.. (json?["passwords"] as JsonArray ?? []).Select(p => p?["name"]?.GetValue<string>()).OfType<string>()];
    }

    /// <summary>com.atproto.server.revokeAppPassword by name; a name the account does not have is no error (the PDS deletes where the name matches).</summary>
    public async Task RevokeAppPasswordAsync(BlueskySession session, string name, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, "com.atproto.server.revokeAppPassword", session.AccessJwt, new JsonObject { ["name"] = name }, cancellationToken);

    /// <summary>com.atproto.server.refreshSession, authorized by the refresh token: a new pair; the old refresh token is spent.</summary>
    public async Task<BlueskySession> RefreshSessionAsync(string refreshJwt, CancellationToken cancellationToken) =>
        Session(await SendAsync(HttpMethod.Post, "com.atproto.server.refreshSession", refreshJwt, null, cancellationToken));

    /// <summary>com.atproto.repo.createRecord with the caller's record key: answers {uri, cid}.</summary>
    public async Task<string> CreateRecordAsync(BlueskySession session, string collection, string rkey, JsonObject record, CancellationToken cancellationToken)
    {
        // A copy: the caller sends the same record again after a refresh, and a JsonNode belongs to one parent.
        var body = new JsonObject { ["repo"] = session.Did, ["collection"] = collection, ["rkey"] = rkey, ["record"] = record.DeepClone() };
        var json = await SendAsync(HttpMethod.Post, "com.atproto.repo.createRecord", session.AccessJwt, body, cancellationToken);
        return json?["uri"]?.GetValue<string>() ?? throw new BlueskyXrpcException(502, "InvalidResponse", "createRecord answered without a uri");
    }

    /// <summary>
    /// com.atproto.repo.deleteRecord (lexicons/com/atproto/repo/deleteRecord.json, "Delete a repository record, or ensure it
    /// doesn't exist"): true when a record was deleted now. The PDS answers a record that is not there with 200 and no
    /// commit (packages/pds/src/api/com/atproto/repo/deleteRecord.ts: "No-op if record already doesn't exist"), so the
    /// commit in the answer is what tells the two apart.
    /// </summary>
    public async Task<bool> DeleteRecordAsync(BlueskySession session, string collection, string rkey, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["repo"] = session.Did, ["collection"] = collection, ["rkey"] = rkey };
        var json = await SendAsync(HttpMethod.Post, "com.atproto.repo.deleteRecord", session.AccessJwt, body, cancellationToken);
        return json is JsonObject answer && answer["commit"] is JsonObject;
    }

    /// <summary>
    /// com.atproto.repo.uploadBlob (lexicons/com/atproto/repo/uploadBlob.json): the raw bytes as the body, Content-Type their
    /// media type; answers {blob: {$type: "blob", ref: {$link: cid}, mimeType, size}}, which a record embeds as it was answered.
    /// Blobs are content addressed: the same bytes again answer the same cid.
    /// </summary>
    public async Task<JsonObject> UploadBlobAsync(BlueskySession session, ReadOnlyMemory<byte> bytes, string mediaType, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var json = await SendContentAsync(HttpMethod.Post, "com.atproto.repo.uploadBlob", session.AccessJwt, content, cancellationToken);
        return json?["blob"] is JsonObject blob && blob["ref"]?["$link"] is not null
            ? (JsonObject)blob.DeepClone()
            : throw new BlueskyXrpcException(502, "InvalidResponse", "uploadBlob answered without a blob");
    }

    /// <summary>com.atproto.repo.getRecord (public): the record's uri and text, or null when the repo has no such record.</summary>
    public async Task<(string Uri, string? Text)?> GetRecordAsync(string did, string collection, string rkey, CancellationToken cancellationToken)
    {
        try
        {
            var query = $"repo={Uri.EscapeDataString(did)}&collection={Uri.EscapeDataString(collection)}&rkey={Uri.EscapeDataString(rkey)}";
            var json = await SendAsync(HttpMethod.Get, "com.atproto.repo.getRecord?" + query, null, null, cancellationToken);
            return (json?["uri"]?.GetValue<string>() ?? $"at://{did}/{collection}/{rkey}", json?["value"]?["text"]?.GetValue<string>());
        }
        catch (BlueskyXrpcException e) when (e.Error == "RecordNotFound" || (e.Status == 400 && e.Message.Contains("Could not locate record", StringComparison.Ordinal)))
        {
            return null;
        }
    }

    /// <summary>com.atproto.identity.resolveHandle: the handle's DID, or null when it does not resolve.</summary>
    public async Task<string?> ResolveHandleAsync(string handle, CancellationToken cancellationToken)
    {
        try
        {
            var json = await SendAsync(HttpMethod.Get, "com.atproto.identity.resolveHandle?handle=" + Uri.EscapeDataString(handle), null, null, cancellationToken);
            return json?["did"]?.GetValue<string>();
        }
        catch (BlueskyXrpcException e) when (e.Status == 400)
        {
            return null;
        }
    }

    /// <summary>
    /// app.bsky.notification.listNotifications (lexicons/app/bsky/notification/listNotifications.json; the PDS proxies it to
    /// the AppView): the session's latest notifications, newest first, only the given reasons (reasons[], e.g. mention, reply).
    /// </summary>
    public async Task<IReadOnlyList<BlueskyNotification>> ListNotificationsAsync(BlueskySession session, IReadOnlyList<string> reasons, int limit, CancellationToken cancellationToken)
    {
        var query = "limit=" + limit.ToString(CultureInfo.InvariantCulture) + string.Concat(reasons.Select(r => "&reasons=" + Uri.EscapeDataString(r)));
        var json = await SendAsync(HttpMethod.Get, "app.bsky.notification.listNotifications?" + query, session.AccessJwt, null, cancellationToken);
        return [.. (json?["notifications"] as JsonArray ?? []).OfType<JsonObject>().Select(n => new BlueskyNotification(
            n["uri"]?.GetValue<string>() ?? "",
            n["author"]?["handle"]?.GetValue<string>() ?? "",
            n["reason"]?.GetValue<string>() ?? "",
            n["record"]?["text"]?.GetValue<string>() ?? "",
            DateTimeOffset.TryParse(n["indexedAt"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null)
        {
            Cid = n["cid"]?.GetValue<string>(),
            RootUri = n["record"]?["reply"]?["root"]?["uri"]?.GetValue<string>(),
            RootCid = n["record"]?["reply"]?["root"]?["cid"]?.GetValue<string>(),
        })];
    }

    private static BlueskySession Session(JsonNode? json) => new(
        json?["did"]?.GetValue<string>() ?? throw new BlueskyXrpcException(502, "InvalidResponse", "session without did"),
        json["handle"]?.GetValue<string>() ?? "",
        json["accessJwt"]?.GetValue<string>() ?? throw new BlueskyXrpcException(502, "InvalidResponse", "session without accessJwt"),
        json["refreshJwt"]?.GetValue<string>() ?? throw new BlueskyXrpcException(502, "InvalidResponse", "session without refreshJwt"));

    private Task<JsonNode?> SendAsync(HttpMethod method, string nsidAndQuery, string? bearer, JsonObject? body, CancellationToken cancellationToken) =>
        SendContentAsync(method, nsidAndQuery, bearer, body is null ? null : JsonContent.Create(body), cancellationToken);

    private async Task<JsonNode?> SendContentAsync(HttpMethod method, string nsidAndQuery, string? bearer, HttpContent? body, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var service = o.ServiceUrl!.AbsoluteUri.EndsWith('/') ? o.ServiceUrl : new Uri(o.ServiceUrl.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(method, new Uri(service, "xrpc/" + nsidAndQuery));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        request.Content = body;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.AttemptTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new BlueskyXrpcException(null, "NoAnswer", $"{nsidAndQuery.Split('?')[0]} was not answered ({e.GetType().Name})", inner: e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not XRPC's JSON (a proxy's page): the status says enough.
            }
            if (response.IsSuccessStatusCode)
            {
                return json;
            }
            // Rate limits: ratelimit-reset is Unix seconds (docs.bsky.app/docs/advanced-guides/rate-limits).
            DateTimeOffset? reset = response.Headers.TryGetValues("ratelimit-reset", out var values) && long.TryParse(values.First(), out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            var error = json is JsonObject ? json["error"]?.GetValue<string>() : null;
            var message = json is JsonObject ? json["message"]?.GetValue<string>() : null;
            throw new BlueskyXrpcException((int)response.StatusCode, error ?? response.ReasonPhrase ?? "Error", message ?? "", reset);
        }
    }
}

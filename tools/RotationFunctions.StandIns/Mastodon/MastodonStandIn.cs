using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Mastodon;

/// <summary>
/// A local Mastodon instance over plain HTTP on 127.0.0.1, as far as the app uses one. Each behaviour follows
/// docs.joinmastodon.org (github.com/mastodon/documentation):
/// <list type="bullet">
/// <item>POST /api/v1/statuses (methods/statuses.md): form or JSON "status"; "Idempotency-Key: Prevent duplicate
/// submissions of the same status. Idempotency keys are stored for up to 1 hour" — a repeat within the hour answers
/// the first status, 200, nothing new; 422 {"error": "Validation failed: Text character limit of N exceeded"} when
/// too long, counted as StatusLengthValidator does (URLs 23, remote mentions as the local part).</item>
/// <item>GET /api/v2/instance (methods/instance.md): configuration.statuses.max_characters and characters_reserved_per_url.</item>
/// <item>GET /api/v1/accounts/verify_credentials, /api/v1/accounts/:id/statuses (newest first), /api/v1/statuses/:id/source.</item>
/// <item>OAuth (methods/apps.md, methods/oauth.md, client/token.md; see <see cref="MastodonOAuth"/>): POST /api/v1/apps,
/// GET /oauth/authorize approved by the signed-in account (<see cref="SignIn"/>), POST /oauth/token with PKCE.</item>
/// <item>401 {"error": "The access token is invalid"} for a missing or unknown token (methods/oauth, entities/Error).</item>
/// <item>Rate limits (api/rate-limits.md): 300 requests per 5 minutes per account; X-RateLimit-Limit, -Remaining, and
/// -Reset as an ISO 8601 timestamp; 429 {"error": "Too many requests"} when spent.</item>
/// <item>Media (methods/media.md; app/services/post_status_service.rb): POST /api/v2/media (200 processed, 202 still
/// processing), GET /api/v1/media/:id (206 while processing, 200 once done), the instance's image_size_limit and
/// description_limit; a status naming media not processed, unknown, another account's or already attached answers 422.</item>
/// <item>A reply's in_reply_to_id must name a status the instance has (404 otherwise, StatusesController#set_thread).</item>
/// <item>DELETE /api/v1/statuses/:id (methods/statuses.md#delete): only the token's own status; 404 otherwise or when gone.</item>
/// </list>
/// </summary>
public sealed class MastodonStandIn : IAsyncDisposable
{
    private readonly MastodonServer _state;
    private readonly FaultInjector _faults = new(context => context.Request.Path.Value ?? "/", status => new StandInResponse(status, new JsonObject { ["error"] = "Service Unavailable" }));
    private readonly LoopbackServer _server;

    private MastodonStandIn(TimeProvider time, int maxCharacters)
    {
        _state = new MastodonServer(time, maxCharacters);
        _server = new LoopbackServer(certificate: null, app => _state.Map(app.MapGroup("").AddEndpointFilter(_faults)));
    }

    /// <summary>The instance's address, e.g. http://127.0.0.1:54321/ (an account's MastodonInstance).</summary>
    public Uri BaseAddress => _server.BaseAddress;

    public static async Task<MastodonStandIn> StartAsync(TimeProvider? time = null, int maxCharacters = 500, CancellationToken cancellationToken = default)
    {
        var standIn = new MastodonStandIn(time ?? TimeProvider.System, maxCharacters);
        await standIn._server.StartAsync(cancellationToken);
        return standIn;
    }

    /// <summary>Adds a local account with an access token (what `rotation mastodon authorize` would get).</summary>
    public void AddAccount(string id, string username, string token) => _state.AddAccount(id, username, token);

    /// <summary>The account whose token <paramref name="token"/> is signs in to the authorize page (the admin's browser session): a code it approves gives a token of that account.</summary>
    public void SignIn(string token) => _state.SignIn(token);

    /// <summary>Apps registered through POST /api/v1/apps.</summary>
    public int AppsRegistered => _state.AppsRegistered;

    /// <summary>The account's statuses in the order they were made.</summary>
    public IReadOnlyList<MastodonStandInStatus> GetStatuses(string accountId) => _state.Statuses(accountId);

    /// <summary>The account's statuses taken down with DELETE /api/v1/statuses/:id, in the order they were deleted.</summary>
    public IReadOnlyList<MastodonStandInStatus> GetDeletedStatuses(string accountId) => _state.Deleted(accountId);

    /// <summary>POST /api/v1/statuses requests received, repeats and refusals included.</summary>
    public int PostRequests => _state.PostRequests;

    /// <summary>The instance's configuration.media_attachments.image_size_limit in bytes (16 MB by default).</summary>
    public long ImageSizeLimit { get => _state.Media.ImageSizeLimit; set => _state.Media.ImageSizeLimit = value; }

    /// <summary>The instance's configuration.media_attachments.description_limit (1,500 by default).</summary>
    public int DescriptionLimit { get => _state.Media.DescriptionLimit; set => _state.Media.DescriptionLimit = value; }

    /// <summary>
    /// Media still processing after upload: above 0, POST /api/v2/media answers 202 (url null) and GET /api/v1/media/:id
    /// answers 206 that many times before 200; a status naming it earlier is refused (422).
    /// </summary>
    public int MediaProcessingPolls { get => _state.Media.ProcessingPolls; set => _state.Media.ProcessingPolls = value; }

    /// <summary>GET /api/v1/media/:id requests received.</summary>
    public int MediaLooks => _state.Media.Looks;

    /// <summary>Requests allowed per account and 5-minute window (300 on mastodon.social).</summary>
    public int RateLimit { get => _state.RateLimit; set => _state.RateLimit = value; }

    /// <summary>
    /// Makes the next <paramref name="count"/> matching requests fail; with <see cref="FaultTiming.AfterApplying"/> a
    /// status is made first and the answer is lost.
    /// </summary>
    public void InjectFault(Fault fault, int count = 1, string? method = null, string? path = null, FaultTiming timing = FaultTiming.BeforeHandling) =>
        _faults.Add(fault, count, method, path, timing);

    /// <summary>Ends the faults still planned.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Uses up the account's requests of the current 5-minute window, which then resets in <paramref name="resetIn"/> (other
    /// apps of the account called meanwhile): its next request answers 429 {"error": "Too many requests"} with
    /// X-RateLimit-Limit, X-RateLimit-Remaining 0 and X-RateLimit-Reset (ISO 8601) (docs.joinmastodon.org/api/rate-limits).
    /// </summary>
    public void SpendRateLimit(string accountId, TimeSpan resetIn) => _state.SpendRateLimit(accountId, resetIn);

    /// <summary>A status by <paramref name="fromUsername"/> that mentions the account <paramref name="accountId"/> (a "mention" notification); answers the status's id.</summary>
    public string AddMention(string accountId, string fromUsername, string text, DateTimeOffset at) => _state.AddMention(accountId, fromUsername, text, at);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// A local X API v2 over plain HTTP on 127.0.0.1: OAuth 2.0 (<see cref="XOAuthServer"/>), users/me,
/// posting, deleting and listing posts (<see cref="XTweetStore"/>), per-user rate limits with X's
/// headers (<see cref="XRateLimits"/>), a pay-per-use credit (<see cref="SetCredits"/>), and fault injection.
/// </summary>
public sealed partial class XApiStandIn : IAsyncDisposable
{
    /// <summary>The developer account the stand-in's 402 CreditsDepleted names (X puts the account's id in the body).</summary>
    public const long DeveloperAccountId = 1_850_000_000_000_000_001;

    private readonly XOAuthServer _oauth;
    private readonly XTweetStore _tweets;
    private readonly XMediaStore _media;
    private readonly XCredits _credits = new();
    private readonly FaultInjector _faults = new(context => context.Request.Path.Value ?? "/", XProblem.ForFault);
    private readonly ConcurrentDictionary<string, int> _requestCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly LoopbackServer _server;

    private XApiStandIn(TimeProvider time, XApiStandInOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DuplicateWindow ?? TimeSpan.Zero, TimeSpan.Zero, nameof(options.DuplicateWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimelineLag, TimeSpan.Zero, nameof(options.TimelineLag));
        _oauth = new XOAuthServer(time);
        _tweets = new XTweetStore(time, options, _oauth.FindUser);
        var endpoints = new XApiEndpoints(_oauth, _tweets, new XRateLimits(time, options), _credits, _media = new XMediaStore(time));
        _server = new LoopbackServer(certificate: null, app =>
        {
            // Every request counts and can be faulted, unknown paths included, keyed by the path as sent.
            var x = app.MapGroup("").AddEndpointFilter((context, next) =>
            {
                var request = context.HttpContext.Request;
                _requestCounts.AddOrUpdate($"{request.Method} {request.Path.Value ?? "/"}", 1, (_, count) => count + 1);
                return next(context);
            }).AddEndpointFilter(_faults);
            endpoints.Map(x);
        });
    }

    /// <summary>The API base address, e.g. http://127.0.0.1:54321/ (X's is https://api.x.com/).</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The authorize page (X's is https://x.com/i/oauth2/authorize).</summary>
    public Uri AuthorizeEndpoint => new(BaseAddress, "i/oauth2/authorize");

    /// <summary>The token endpoint (X's is https://api.x.com/2/oauth2/token).</summary>
    public Uri TokenEndpoint => new(BaseAddress, "2/oauth2/token");

    /// <summary>Successful refresh_token grants so far.</summary>
    public int RefreshCount => _oauth.RefreshCount;

    /// <summary>Spent refresh tokens that were presented again: each one is a broken chain.</summary>
    public IReadOnlyList<string> ReusedRefreshTokens => _oauth.ReusedRefreshTokens;

    public static async Task<XApiStandIn> StartAsync(
        TimeProvider? timeProvider = null,
        XApiStandInOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var standIn = new XApiStandIn(timeProvider ?? TimeProvider.System, options ?? new XApiStandInOptions());
        await standIn._server.StartAsync(cancellationToken);
        return standIn;
    }

    /// <summary>
    /// Registers an OAuth 2.0 client. With a secret it is confidential (Basic auth on the token
    /// endpoint); without, public (client_id in the form). Redirect URIs must match exactly when given.
    /// </summary>
    public void RegisterClient(string clientId, string? clientSecret = null, IEnumerable<string>? redirectUris = null) =>
        _oauth.RegisterClient(clientId, clientSecret, redirectUris);

    /// <summary>Adds a user; the first one added is who the authorize page approves as.</summary>
    public XUser AddUser(string id, string name, string username) => _oauth.AddUser(id, name, username);

    /// <summary>Seeds tokens as if the user had authorized the client with these scopes.</summary>
    public XTokenSet IssueTokens(string clientId, string userId, IEnumerable<string> scopes) =>
        _oauth.IssueTokens(clientId, userId, [.. scopes]);

    /// <summary>
    /// Makes the next <paramref name="count"/> requests that match fail. <paramref name="path"/> is the
    /// request path (e.g. "/2/tweets"). With <see cref="FaultTiming.AfterApplying"/> the request takes
    /// effect first (a post is stored, a refresh token spent), then the answer is lost.
    /// </summary>
    public void InjectFault(Fault fault, int count = 1, string? method = null, string? path = null,
        FaultTiming timing = FaultTiming.BeforeHandling) =>
        _faults.Add(fault, count, method, path, timing);

    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Sets the developer account's pay-per-use credit, in posts it still pays for; null (the default) is
    /// unlimited. Each post made uses one, each post read a third of one; at zero or below every API request answers 402 CreditsDepleted and
    /// nothing is posted, until the credit is set again. Refused requests are not charged.
    /// </summary>
    public void SetCredits(int? postsLeft) => _credits.PostsLeft = postsLeft;

    /// <summary>Uses up the credit at once: the next API request answers 402 (same as <c>SetCredits(0)</c>).</summary>
    public void ExhaustCredits() => SetCredits(0);

    /// <summary>Posts the credit still pays for; null when unlimited.</summary>
    public int? CreditsLeft => _credits.PostsLeft;

    /// <summary>Posts returned by GET /2/tweets and GET /2/users/{id}/tweets so far: each is billed as a read.</summary>
    public long PostReads => _credits.PostReads;

    /// <summary>Sets the public_metrics X shows for a post (likes, reposts, replies, impressions); unset ones are zero.</summary>
    public void SetMetrics(string tweetId, long likes, long reposts, long replies, long impressions) =>
        _tweets.SetMetrics(tweetId, new XPublicMetrics(likes, reposts, replies, impressions));

    /// <summary>
    /// A post made by <paramref name="authorId"/> on X itself (the user must have been added), e.g. "@Sodersjukhuset tack!":
    /// the mentions timeline lists it, and the mentioned account may reply to it.
    /// </summary>
    public XTweet AddPost(string authorId, string text) =>
        _tweets.AddExternal(_oauth.FindUser(authorId) ?? throw new ArgumentException($"No user {authorId}: AddUser first.", nameof(authorId)), text);

    /// <summary>The alt text X holds for an uploaded image (POST /2/media/metadata), or null.</summary>
    public string? GetAltText(string mediaId) => _media.AltText(mediaId);

    /// <summary>Posts of a user in the order they were made, deleted ones included (flagged).</summary>
    public IReadOnlyList<XTweet> GetTweets(string userId) => _tweets.Of(userId);

    /// <summary>Requests received for "METHOD /path" (e.g. "POST /2/tweets"), faulted ones included.</summary>
    public int GetRequestCount(string method, string path) => _requestCounts.GetValueOrDefault($"{method} {path}");

    /// <summary>
    /// A small stand-in for twitter-text v3 weighting: NFC, each http(s) URL counts 23, code points in
    /// U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 count 1, all others 2. Unlike
    /// twitter-text it does not recognise bare domains as URLs nor count an emoji ZWJ sequence as one.
    /// </summary>
    public static int SimpleWeightedLength(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var length = 23 * Url().Count(normalized);
        foreach (var rune in Url().Replace(normalized, "").EnumerateRunes())
        {
            var v = rune.Value;
            length += v <= 0x10FF || v is >= 0x2000 and <= 0x200D or >= 0x2010 and <= 0x201F or >= 0x2032 and <= 0x2037 ? 1 : 2;
        }
        return length;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}

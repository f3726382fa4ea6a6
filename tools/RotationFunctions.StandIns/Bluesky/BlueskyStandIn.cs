using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>
/// A local PDS over plain HTTP on 127.0.0.1 with the XRPC methods the app calls. Sources: the lexicons in
/// github.com/bluesky-social/atproto (lexicons/com/atproto/server/createSession.json, refreshSession.json,
/// repo/createRecord.json, repo/getRecord.json, identity/resolveHandle.json; app/bsky/feed/post.json: text
/// maxGraphemes 300, maxLength 3000, key "tid"), atproto.com/specs/xrpc (errors as {"error", "message"}) and
/// docs.bsky.app/docs/advanced-guides/rate-limits (ratelimit-limit/-remaining/-reset/-policy headers, 429
/// RateLimitExceeded; createSession 30 per 5 minutes per account):
/// <list type="bullet">
/// <item>An expired access token answers 400 ExpiredToken (the PDS's auth verifier), a wrong one 401 InvalidToken.</item>
/// <item>refreshSession spends the refresh token: presented again it answers 400 ExpiredToken ("Token has been revoked");
/// the PDS's short reuse grace period is not modelled (worst case).</item>
/// <item>App passwords (lexicons com/atproto/server/createAppPassword.json, listAppPasswords.json, revokeAppPassword.json;
/// the reference PDS in packages/pds/src: api/com/atproto/server/*AppPassword*.ts, account-manager/helpers/password.ts):
/// create needs a session of the main password (ACCESS_FULL; an app-password session gets 400 InvalidToken "Bad token
/// scope"), a name in use answers 500 (the (did, name) primary key), the password is in the create answer only, list
/// shows names and dates newest first, revoke of an unknown name does nothing, and a revoked password neither signs in
/// nor refreshes its sessions (their access tokens live out their 2 hours, as JWTs do).</item>
/// <item>createSession with the main password of an account with e-mail two-factor sign-in answers 401
/// AuthFactorTokenRequired until authFactorToken carries the mailed code (createSession.json's errors); app passwords
/// sign in without it.</item>
/// <item>createRecord with a record key that exists answers 400 InvalidRequest "Record already exists" (the reference PDS
/// served a 500 until atproto PR #4728, 2026-03, which names the error; clients should look the record up either way).</item>
/// <item>deleteRecord (lexicons/com/atproto/repo/deleteRecord.json; packages/pds/src/api/com/atproto/repo/deleteRecord.ts):
/// only the session's own repo (another's answers 401 AuthRequired), a missing record is a no-op answered 200 without a
/// commit.</item>
/// <item>uploadBlob and an app.bsky.embed.images embed (lexicons/com/atproto/repo/uploadBlob.json, app/bsky/embed/images.json;
/// packages/pds/src/actor-store/blob/transactor.ts): see <see cref="BlueskyBlobStore"/>.</item>
/// </list>
/// </summary>
public sealed class BlueskyStandIn : IAsyncDisposable
{
    private readonly BlueskyServer _state;
    private readonly FaultInjector _faults = new(context => context.Request.Path.Value ?? "/",
        status => new StandInResponse(status, new JsonObject { ["error"] = "InternalServerError", ["message"] = "Internal Server Error" }));
    private readonly LoopbackServer _server;

    private BlueskyStandIn(TimeProvider time, BlueskyStandInOptions options)
    {
        _state = new BlueskyServer(time, options);
        _server = new LoopbackServer(certificate: null, app => _state.Map(app.MapGroup("").AddEndpointFilter(_faults)));
    }

    /// <summary>The PDS's address, e.g. http://127.0.0.1:54321/ (Bluesky:ServiceUrl).</summary>
    public Uri BaseAddress => _server.BaseAddress;

    public static async Task<BlueskyStandIn> StartAsync(TimeProvider? time = null, BlueskyStandInOptions? options = null, CancellationToken cancellationToken = default)
    {
        var standIn = new BlueskyStandIn(time ?? TimeProvider.System, options ?? new BlueskyStandInOptions());
        await standIn._server.StartAsync(cancellationToken);
        return standIn;
    }

    /// <summary>Adds an account (its repo) that signs in with <paramref name="password"/>, and with e-mail two-factor sign-in when <paramref name="signInCode"/> is given.</summary>
    public void AddAccount(string did, string handle, string password, string? signInCode = null) => _state.AddAccount(did, handle, password, signInCode);

    /// <summary>The names of the account's app passwords, newest first.</summary>
    public IReadOnlyList<string> GetAppPasswordNames(string did) => _state.AppPasswordNames(did);

    /// <summary>Every revokeAppPassword the account received, in order (unknown names included).</summary>
    public IReadOnlyList<string> GetRevokedAppPasswords(string did) => _state.RevokedAppPasswords(did);

    /// <summary>A handle that resolves (a curator's account elsewhere on the network).</summary>
    public void AddHandle(string handle, string did) => _state.AddHandle(handle, did);

    /// <summary>The account's post records in the order they were created.</summary>
    public IReadOnlyList<BlueskyStandInPost> GetPosts(string did) => _state.Posts(did);

    /// <summary>The account's post records taken down with com.atproto.repo.deleteRecord, in the order they were deleted.</summary>
    public IReadOnlyList<BlueskyStandInPost> GetDeletedPosts(string did) => _state.Deleted(did);

    /// <summary>Requests received for an XRPC method, e.g. "com.atproto.repo.createRecord", faulted ones included.</summary>
    public int GetRequestCount(string nsid) => _state.RequestCount(nsid);

    /// <summary>Spent refresh tokens presented again: each one is a broken chain.</summary>
    public int ReusedRefreshTokens => _state.ReusedRefreshTokens;

    /// <summary>Makes the next matching requests fail; with <see cref="FaultTiming.AfterApplying"/> the record is created and the answer lost.</summary>
    public void InjectFault(Fault fault, int count = 1, string? method = null, string? path = null, FaultTiming timing = FaultTiming.BeforeHandling) =>
        _faults.Add(fault, count, method, path, timing);

    /// <summary>Ends the faults still planned.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Ends every access token the account holds now, as their lifetime does (the PDS then answers 400 ExpiredToken,
    /// packages/pds/src/auth-verifier.ts): the next call must refresh the session. Refresh tokens are untouched.
    /// </summary>
    public void ExpireSessions(string did) => _state.ExpireSessions(did);

    /// <summary>
    /// Uses up the account's record writes of the current rate-limit window, which then resets in <paramref name="resetIn"/>
    /// (others wrote to the repo meanwhile): the next createRecord answers 429 RateLimitExceeded with the ratelimit-limit,
    /// -remaining (0), -reset (Unix seconds) and -policy headers (docs.bsky.app/docs/advanced-guides/rate-limits).
    /// </summary>
    public void SpendWriteLimit(string did, TimeSpan resetIn) => _state.SpendWriteLimit(did, resetIn);

    /// <summary>Every app password the PDS ever issued to the account (a checker's view: none may show up in logs or rows).</summary>
    public IReadOnlyList<string> GetIssuedAppPasswords(string did) => _state.IssuedAppPasswords(did);

    /// <summary>Someone's post that notifies the account <paramref name="did"/> (reason "mention" or "reply" for the portal's list).
    /// With <paramref name="replyRoot"/> that post is itself a reply in the thread of that post. Answers its strong ref (uri, cid).</summary>
    public (string Uri, string Cid) AddNotification(string did, string authorDid, string authorHandle, string reason, string text, DateTimeOffset at, (string Uri, string Cid)? replyRoot = null) =>
        _state.AddNotification(did, authorDid, authorHandle, reason, text, at, replyRoot);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}

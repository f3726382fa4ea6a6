using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.Chaos;

/// <summary>
/// The faults on Bluesky and Mastodon, drawn from the run's ChannelRandom so seeds without them replay as before:
/// injected into their stand-ins, with a crash around the channel's next post, and Mastodon's outages that last
/// several steps.
/// </summary>
internal sealed class ChaosChannelFaults(ChaosRunContext run, ChaosFaults faults)
{
    private const string CreateRecord = "/xrpc/com.atproto.repo.createRecord";
    private const string Statuses = "/api/v1/statuses";
    private readonly List<(DateTimeOffset From, DateTimeOffset? To)> _mastodonOutages = [];
    private DateTimeOffset _mastodonLostUntil;

    /// <summary>
    /// When every POST /api/v1/statuses was answered 504 after the instance made the status (the last may still be open):
    /// a handover whose catch-up window such an outage covers may end missed, by design, as with Key Vault refusals.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> MastodonOutages => _mastodonOutages;

    public void Inject(IReadOnlyList<ModelAccount> accounts)
    {
        var rng = run.ChannelRandom;
        if (_mastodonOutages is [.., { To: null }])
        {
            if (run.Now < _mastodonLostUntil)
            {
                // Still losing every answer to POST /api/v1/statuses: the stand-ins' faults end with each step, so set it again.
                World.Mastodon.InjectFault(Fault.WithStatus(504), 10_000, "POST", Statuses, FaultTiming.AfterApplying);
            }
            else
            {
                Lift();
                run.Trace.Write("Mastodon answers POST /api/v1/statuses again");
            }
        }
        if (run.Profile.BlueskyFault > 0 && rng.NextDouble() < run.Profile.BlueskyFault)
        {
            InjectBlueskyFault(accounts[rng.Next(accounts.Count)], rng);
            MaybeCrashAroundChannelPost(Channel.Bluesky, rng);
        }
        if (run.Profile.MastodonFault > 0 && rng.NextDouble() < run.Profile.MastodonFault)
        {
            InjectMastodonFault(accounts[rng.Next(accounts.Count)], rng);
            MaybeCrashAroundChannelPost(Channel.Mastodon, rng);
        }
    }

    private void MaybeCrashAroundChannelPost(Channel channel, Random rng)
    {
        if (rng.NextDouble() >= Options.CrashAroundChannelPost)
        {
            return;
        }
        faults.CrashAroundChannelPost = channel;
        faults.CrashBeforeChannelPost = rng.NextDouble() < 0.3;
        Note(faults.CrashBeforeChannelPost ? $"crash just before the next {channel} post" : $"crash just after {channel} takes the next post", channel);
    }

    /// <summary>
    /// One Bluesky fault. XRPC errors are {"error", "message"} with an HTTP status (atproto.com/specs/xrpc); a 5xx or no
    /// answer may come before or after the PDS committed the record, and only the deterministic record key (a retry
    /// asks for the same key: "Record already exists", then getRecord) keeps the post single.
    /// </summary>
    private void InjectBlueskyFault(ModelAccount account, Random rng)
    {
        var count = rng.Next(1, 3);
        string what;
        switch (rng.Next(9))
        {
            case 0:
                var status = new[] { 500, 502, 503 }[rng.Next(3)];
                World.Bluesky.InjectFault(Fault.WithStatus(status), count, "POST", CreateRecord);
                what = $"createRecord answers {status} before the write x{count}";
                break;
            case 1:
                World.Bluesky.InjectFault(rng.Next(2) == 0 ? Fault.Hang() : Fault.DropConnection(), 1, "POST", CreateRecord);
                what = "createRecord not answered before the write (timeout or connection dropped)";
                break;
            case 2:
                World.Bluesky.InjectFault(Fault.DropConnection(), count, "POST", CreateRecord, FaultTiming.AfterApplying);
                what = $"createRecord stored, then the connection dropped x{count}";
                break;
            case 3:
                World.Bluesky.InjectFault(Fault.WithStatus(502), count, "POST", CreateRecord, FaultTiming.AfterApplying);
                what = $"createRecord stored, then a proxy answered 502 x{count}";
                break;
            case 4:
                var reset = TimeSpan.FromMinutes(rng.Next(1, 16));
                World.Bluesky.SpendWriteLimit(account.BlueskyDid, reset);
                what = $"{account.Id}'s write budget spent: 429 RateLimitExceeded until the window resets in {reset.TotalMinutes:0} min";
                break;
            case 5:
                World.Bluesky.ExpireSessions(account.BlueskyDid);
                what = $"{account.Id}'s access token expired early: 400 ExpiredToken, then a refresh";
                break;
            case 6:
                // Before the PDS handles it only: a refresh it applied whose answer is lost spends the refresh token, and
                // the chain breaks by design (as X's; BlueskySessions says so).
                World.Bluesky.ExpireSessions(account.BlueskyDid);
                World.Bluesky.InjectFault(rng.Next(2) == 0 ? Fault.ServiceUnavailable() : Fault.DropConnection(), 1, "POST", "/xrpc/com.atproto.server.refreshSession");
                what = $"{account.Id}'s access token expired and the refresh is not answered once";
                break;
            case 7:
                var path = new[] { "/xrpc/com.atproto.server.createAppPassword", "/xrpc/com.atproto.server.revokeAppPassword", "/xrpc/com.atproto.server.listAppPasswords" }[rng.Next(3)];
                World.Bluesky.InjectFault(Fault.ServiceUnavailable(), count, null, path);
                what = $"{path[6..]} answers 503 x{count}";
                break;
            default:
                // The PDS made (or revoked) the app password and the answer is lost: a password nobody can know, or a revoke
                // the app must not take for failed.
                var lost = rng.Next(2) == 0 ? "/xrpc/com.atproto.server.createAppPassword" : "/xrpc/com.atproto.server.revokeAppPassword";
                World.Bluesky.InjectFault(Fault.DropConnection(), 1, "POST", lost, FaultTiming.AfterApplying);
                what = $"{lost[6..]} applied, then the connection dropped";
                break;
        }
        Note($"Bluesky: {what}", Channel.Bluesky);
    }

    /// <summary>
    /// One Mastodon fault (docs.joinmastodon.org): POST /api/v1/statuses failing before the status is made, or after
    /// (the Idempotency-Key, kept an hour, answers the first status on a retry; later the publisher looks it up), and
    /// the account's rate limit spent (api/rate-limits.md: 429 with X-RateLimit-Reset).
    /// </summary>
    private void InjectMastodonFault(ModelAccount account, Random rng)
    {
        var count = rng.Next(1, 3);
        string what;
        switch (rng.Next(6))
        {
            case 0:
                var status = new[] { 500, 502, 503 }[rng.Next(3)];
                World.Mastodon.InjectFault(Fault.WithStatus(status), count, "POST", Statuses);
                what = $"POST /api/v1/statuses answers {status} before the status is made x{count}";
                break;
            case 1:
                World.Mastodon.InjectFault(rng.Next(2) == 0 ? Fault.Hang() : Fault.DropConnection(), 1, "POST", Statuses);
                what = "POST /api/v1/statuses not answered (timeout or connection dropped)";
                break;
            case 2:
                World.Mastodon.InjectFault(Fault.DropConnection(), count, "POST", Statuses, FaultTiming.AfterApplying);
                what = $"status made, then the connection dropped x{count}";
                break;
            case 3:
                World.Mastodon.InjectFault(Fault.WithStatus(502), count, "POST", Statuses, FaultTiming.AfterApplying);
                what = $"status made, then a proxy answered 502 x{count}";
                break;
            case 4:
                // On the run's 30-s retry grid: a message due a few seconds after a pass is waited for on the fake clock
                // (HandoverProcessor's MaxEarlyWait), which nothing moves during a delivery, and the run would hang.
                var reset = TimeSpan.FromSeconds(30 * rng.Next(1, 11));
                World.Mastodon.SpendRateLimit(account.MastodonId, reset);
                what = $"{account.Id}'s rate limit spent: 429 until X-RateLimit-Reset in {reset.TotalSeconds:0} s";
                break;
            default:
                // A proxy in front of the instance times out every POST while the instance still makes the status, for
                // about an hour: retries meet the Idempotency-Key while it lives (an hour), then the look-up after it.
                // Longer than the catch-up window (2 h) it would end the handover missed, by design; the checker knows.
                if (_mastodonOutages is [.., { To: null }])
                {
                    return;
                }
                _mastodonLostUntil = run.Now + TimeSpan.FromMinutes(rng.Next(45, 71));
                _mastodonOutages.Add((run.Now, null));
                World.Mastodon.InjectFault(Fault.WithStatus(504), 10_000, "POST", Statuses, FaultTiming.AfterApplying);
                what = $"every status made but answered 504 (a proxy's timeout) until {_mastodonLostUntil:HH:mm}";
                break;
        }
        Note($"Mastodon: {what}", Channel.Mastodon);
    }

    /// <summary>Ends the faults that last several steps (the run settles, or ends).</summary>
    public void Lift()
    {
        if (_mastodonOutages is [.., { To: null } open])
        {
            _mastodonOutages[^1] = open with { To = run.Now };
        }
    }

    private ChaosOptions Options => run.Options;
    private ChaosWorld World => run.World;

    private void Note(string what, Channel channel) => ChaosFaultScheduler.Noted(run, what, channel);
}

using System.Globalization;
using Azure.Storage.Queues.Models;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Chaos;

/// <summary>
/// The invariants, judged after a run from what X, the Handovers table, the queues and the token
/// chain show. Each violation names the seed and the boundary.
/// </summary>
internal sealed class ChaosChecker(
    ChaosWorld world,
    ChaosRunSettings settings,
    ScheduleModel model,
    ChaosHost host,
    HandoverOptions handover,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> outages,
    IReadOnlyList<VaultRefusal> vaultRefusals,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> channelOutages,
    IReadOnlyCollection<string> malformed,
    (int X, int Bluesky) reusedBefore,
    DateTimeOffset now,
    IReadOnlyList<string>? logLines = null)
{
    private readonly List<string> _violations = [];

    public async Task<List<string>> CheckAsync(ChaosStats stats)
    {
        var history = model.History(now, handover.CatchUp);
        stats.Boundaries = history.Count;
        var histories = new Dictionary<Channel, List<ExpectedHandover>> { [Channel.X] = history };
        foreach (var channel in new[] { Channel.Bluesky, Channel.Mastodon })
        {
            histories[channel] = model.History(now, handover.CatchUp, channel);
        }
        var rows = await ReadHandoversAsync();
        foreach (var account in model.Accounts)
        {
            CheckTweets(account, history.Where(b => b.AccountId == account.Id).ToList(), stats);
            CheckPosts(account, histories, stats);
        }
        CheckRows(history, rows, stats);
        CheckAppPasswords(rows, stats);
        await CheckQueuesAsync();
        await CheckTokensAsync();
        return _violations;
    }

    private void Violation(string boundary, string what) => _violations.Add($"seed {settings.Seed}: {boundary}: {what}");

    /// <summary>
    /// True when the handover must be missed; null when it may be: the app came back right at the edge of the
    /// catch-up window, or Key Vault refused the account's writes for at least <see cref="RefusalShare"/> of the
    /// window (a handover whose access token had expired cannot refresh it without that write and waits; with the
    /// crashes and X's faults of the rest of the window it may run out; one whose token was still valid posts).
    /// </summary>
    private bool? MayBeMissed(ExpectedHandover b) => MissedByOutage(b) switch
    {
        false when RefusedWithin(b) >= RefusalShare => null,
        // A channel that answered no post for as long (Mastodon behind a proxy timing out): the handover gives it up when
        // the catch-up window closes and ends missed, by design (HandoverProcessor: "what was not posted by then is not posted").
        false when Within(b, channelOutages.Select(o => (o.From, o.To))) >= RefusalShare => null,
        var byOutage => byOutage,
    };

    private static readonly TimeSpan RefusalShare = TimeSpan.FromMinutes(45);

    /// <summary>How long Key Vault refused the account's writes within the handover's catch-up window (refusals may overlap).</summary>
    private TimeSpan RefusedWithin(ExpectedHandover b)
    {
        var secret = StorageNames.Default.TokenSecret(b.AccountId);
        return Within(b, vaultRefusals.Where(r => r.Secret is null || r.Secret == secret).Select(r => (r.From, r.To)));
    }

    /// <summary>How much of the handover's catch-up window the intervals cover (they may overlap; To null: still open).</summary>
    private TimeSpan Within(ExpectedHandover b, IEnumerable<(DateTimeOffset From, DateTimeOffset? To)> intervals)
    {
        var windowEnd = b.At + handover.CatchUp;
        var total = TimeSpan.Zero;
        var covered = b.At;
        foreach (var r in intervals.OrderBy(r => r.From))
        {
            var from = r.From > covered ? r.From : covered;
            var to = r.To is { } end && end < windowEnd ? end : windowEnd;
            if (to > from)
            {
                total += to - from;
                covered = to;
            }
        }
        return total;
    }

    /// <summary>True when the app was down from the boundary until its catch-up window closed; null when it came back right at the edge.</summary>
    private bool? MissedByOutage(ExpectedHandover b)
    {
        foreach (var (from, to) in outages)
        {
            // An outage begins after its first step ran: a boundary at that very instant was handled.
            if (from < b.At && to > b.At)
            {
                var windowEnd = b.At + handover.CatchUp;
                if (to > windowEnd + TimeSpan.FromMinutes(10))
                {
                    return true;
                }
                return to < windowEnd - TimeSpan.FromMinutes(20) ? false : null;
            }
        }
        return false;
    }

    /// <summary>Exactly once, in order, never early, from X's own record (<see cref="ExactlyOnce"/>); a DryRun account posts nothing.</summary>
    private void CheckTweets(ModelAccount account, List<ExpectedHandover> history, ChaosStats stats)
    {
        var tweets = world.X.GetTweets(account.UserId);
        stats.Tweets += tweets.Count(t => !t.Deleted);
        if (account.DryRun)
        {
            foreach (var tweet in tweets.Where(t => !t.Deleted))
            {
                Violation($"{account.Id}/?", $"DryRun account, yet a tweet was posted at {tweet.CreatedAt:O}: \"{ExactlyOnce.Abbreviate(tweet.Text)}\"");
            }
            return;
        }
        foreach (var (where, what) in ExactlyOnce.Judge(account.Id, history, tweets, MayBeMissed))
        {
            Violation(where, what);
        }
    }

    /// <summary>
    /// The same judgement on Bluesky and Mastodon, each from the stand-in's own record of what it took (posts in the
    /// order they were made), against that channel's texts: 0 duplicates, 0 missed per channel.
    /// </summary>
    private void CheckPosts(ModelAccount account, Dictionary<Channel, List<ExpectedHandover>> histories, ChaosStats stats)
    {
        var posts = new Dictionary<Channel, List<RotationFunctions.StandIns.XApi.XTweet>>
        {
            [Channel.Bluesky] = [.. world.Bluesky.GetPosts(account.BlueskyDid).Select((p, i) => new RotationFunctions.StandIns.XApi.XTweet(i.ToString("D8", CultureInfo.InvariantCulture), account.BlueskyDid, p.Text, p.IndexedAt, null, null, false))],
            [Channel.Mastodon] = [.. world.Mastodon.GetStatuses(account.MastodonId).Select(s => new RotationFunctions.StandIns.XApi.XTweet(s.Id, account.MastodonId, s.Text, s.CreatedAt, null, null, false))],
        };
        foreach (var (channel, list) in posts)
        {
            stats.ChannelPosts += list.Count;
            if (account.DryRun)
            {
                foreach (var post in list)
                {
                    Violation($"{account.Id}/?", $"DryRun account, yet a post went on {channel} at {post.CreatedAt:O}");
                }
                continue;
            }
            foreach (var (where, what) in ExactlyOnce.Judge(account.Id, histories[channel].Where(b => b.AccountId == account.Id).ToList(), list, MayBeMissed))
            {
                Violation(where, $"on {channel}: {what}");
            }
        }
    }

    /// <summary>Every passed boundary has a row in the state that says what happened; nothing failed for good or stuck.</summary>
    private void CheckRows(List<ExpectedHandover> history, Dictionary<string, HandoverRecord> rows, ChaosStats stats)
    {
        foreach (var h in history)
        {
            var gone = h.Variants.Any(v => v is null);
            if (!rows.TryGetValue(h.Id, out var row))
            {
                if (!gone)
                {
                    Violation(h.Id, "no Handovers row for a boundary that passed");
                }
                continue;
            }
            if (h.Variants.All(v => v is { Held: true }))
            {
                // Held until an admin fixes it; a later edit may make it obsolete, an outage missed. Never done.
                if (row.Status is not (HandoverStatus.Held or HandoverStatus.Obsolete or HandoverStatus.Missed))
                {
                    Violation(h.Id, $"involves overlapping slots and should be held (reported), but its row is '{row.Status}' ({row.Note})");
                }
                continue;
            }
            var missed = MayBeMissed(h);
            if (missed == true)
            {
                if (row.Status != HandoverStatus.Missed)
                {
                    Violation(h.Id, $"passed during an outage longer than the catch-up window, but its row is '{row.Status}', not '{HandoverStatus.Missed}'");
                }
                continue;
            }
            if (missed is null && row.Status == HandoverStatus.Missed)
            {
                continue;
            }
            // Edited while it could run: the version the handover met may have been gone (obsolete) or held.
            var allowed = new[]
            {
                HandoverStatus.Done,
                gone ? HandoverStatus.Obsolete : null,
                h.Variants.Any(v => v is { Held: true }) ? HandoverStatus.Held : null,
            };
            if (!allowed.Contains(row.Status))
            {
                Violation(h.Id, $"row is '{row.Status}', expected '{string.Join("' or '", allowed.OfType<string>())}' (note: {row.Note})");
            }
            var b = h.AtInstant;
            if (h.Edited)
            {
                // Which version a step met depends on when it was first attempted: X's record (CheckTweets) judges it.
                continue;
            }
            if (b.OutroBlocked && row.OutroStatus != StepStatus.Blocked)
            {
                Violation(h.Id, $"the outgoing row has errors: the outro should be blocked and reported, but it is '{row.OutroStatus}'");
            }
            if (b.IntroBlocked && row.IntroStatus != b.IntroNotPostedStatus)
            {
                Violation(h.Id, $"the incoming curator is unapproved or the row has errors: the intro should be {b.IntroNotPostedStatus} and reported, but it is '{row.IntroStatus}'");
            }
            if (model.Accounts.First(a => a.Id == h.AccountId).DryRun)
            {
                foreach (var (step, text, blocked, status) in new[] { ("outro", b.OutroText, b.OutroBlocked, row.OutroStatus), ("intro", b.IntroText, b.IntroBlocked, row.IntroStatus) })
                {
                    if (status == StepStatus.DryRun)
                    {
                        stats.DryRunSteps++;
                    }
                    if (text is not null && !blocked && status != StepStatus.DryRun)
                    {
                        Violation(h.Id, $"DryRun account: the {step} should be recorded as '{StepStatus.DryRun}', but it is '{status}'");
                    }
                }
            }
        }

        foreach (var row in rows.Values)
        {
            if (row.Status == HandoverStatus.Failed)
            {
                Violation(row.HandoverId, $"failed for good: {row.Note}");
            }
            else if (!HandoverStatus.IsFinal(row.Status) && row.Status != HandoverStatus.Held && row.BoundaryAt <= now - handover.CatchUp)
            {
                Violation(row.HandoverId, $"left '{row.Status}' (outro {row.OutroStatus}, intro {row.IntroStatus}) {(now - row.BoundaryAt).TotalHours:0.#} h after its boundary");
            }
        }
    }

    /// <summary>
    /// Curator access on Bluesky (CuratorAccess Bluesky=app-password), from the PDS's own record and the Handovers rows: at
    /// most one app password the app made is live at the end; the one the last handover made for its incoming curator is it,
    /// unless a later handover revoked it; every name a handover recorded as revoked is gone; a DryRun account got none; and
    /// no password the PDS issued shows up in a Handovers row or in the logs.
    /// </summary>
    private void CheckAppPasswords(Dictionary<string, HandoverRecord> rows, ChaosStats stats)
    {
        foreach (var account in model.Accounts.Where(a => a.AppPasswords))
        {
            var issued = world.Bluesky.GetIssuedAppPasswords(account.BlueskyDid);
            stats.AppPasswordsIssued += issued.Count;
            var live = world.Bluesky.GetAppPasswordNames(account.BlueskyDid).Where(RotationFunctions.Channels.Bluesky.BlueskyAppPasswords.IsRotations).ToList();
            var where = $"{account.Id}/app-passwords";
            if (account.DryRun)
            {
                if (issued.Count > 0)
                {
                    Violation(where, $"DryRun account, yet {issued.Count} app password(s) were made");
                }
                continue;
            }
            var mine = rows.Values.Where(r => r.PartitionKey == account.Id && r.BoundaryAt <= now).OrderBy(r => r.BoundaryAt).ToList();
            stats.AppPasswordHandovers += mine.Count(r => r.BlueskyAppPasswordStatus == RotationFunctions.Handover.AccessStatus.Done);
            if (live.Count > 1)
            {
                Violation(where, $"{live.Count} app passwords are live, at most the incoming curator's may be: {string.Join("; ", live)}");
            }
            if (mine.LastOrDefault(r => r.BlueskyAppPasswordStatus == RotationFunctions.Handover.AccessStatus.Done) is { BlueskyAppPasswordName: { } name } made
                && !mine.Any(r => r.BoundaryAt > made.BoundaryAt && r.BlueskyRevokeStatus == RotationFunctions.Handover.AccessStatus.Done)
                && !live.Contains(name))
            {
                Violation(made.HandoverId, $"the incoming curator's app password '{name}' was recorded as made but is not live on Bluesky");
            }
            foreach (var row in mine.Where(r => r.BlueskyRevokeStatus == RotationFunctions.Handover.AccessStatus.Done && !string.IsNullOrEmpty(r.BlueskyRevokedAppPasswords)))
            {
                foreach (var revoked in row.BlueskyRevokedAppPasswords!.Split("; ").Where(live.Contains))
                {
                    Violation(row.HandoverId, $"the app password '{revoked}' was recorded as revoked but is live on Bluesky");
                }
            }
            foreach (var row in mine)
            {
                var text = System.Text.Json.JsonSerializer.Serialize(row);
                if (issued.Any(p => text.Contains(p, StringComparison.Ordinal)))
                {
                    Violation(row.HandoverId, "an app password is written in the Handovers row");
                }
            }
            if (logLines is not null && logLines.Any(line => issued.Any(p => line.Contains(p, StringComparison.Ordinal))))
            {
                Violation(where, "an app password is in the logs");
            }
        }
    }

    /// <summary>Only messages due later are queued; only the malformed messages we sent are in poison.</summary>
    private async Task CheckQueuesAsync()
    {
        foreach (var text in await DrainAsync(settings.QueueName))
        {
            if (!HandoverMessage.TryParse(text, out var message, out var reason))
            {
                Violation("queue", $"a malformed message is still queued ({reason}): {Short(text)}");
            }
            else if (message!.Boundary <= now)
            {
                Violation(message.HandoverId, "a message for a boundary that has passed is still in the queue");
            }
        }
        // At least once: a malformed message whose delete failed is parked again on its next delivery.
        var parked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in await DrainAsync(settings.QueueName + "-poison"))
        {
            parked.Add(text);
            if (!malformed.Contains(text))
            {
                var id = HandoverMessage.TryParse(text, out var message, out _) ? message!.HandoverId : "poison";
                Violation(id, $"a message that deserved no poison is in the poison queue: {Short(text)}");
            }
        }
        foreach (var text in malformed.Where(m => !parked.Contains(m)))
        {
            Violation("poison", $"the malformed message we sent never reached the poison queue: {Short(text)}");
        }
    }

    private async Task<List<string>> DrainAsync(string queueName)
    {
        var queue = world.Queue(queueName);
        var texts = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            QueueMessage[] batch = await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5));
            if (batch.Length == 0)
            {
                break;
            }
            texts.AddRange(batch.Select(m => m.MessageText));
        }
        return texts;
    }

    /// <summary>
    /// No refresh token presented twice (X's or Bluesky's: the sessions are refreshed when found expired and kept alive
    /// daily, under the same lease as app passwords), no account marked broken, and each X chain still refreshes at the end.
    /// </summary>
    private async Task CheckTokensAsync()
    {
        var reused = world.X.ReusedRefreshTokens.Count - reusedBefore.X;
        if (reused > 0)
        {
            Violation("tokens", $"{reused} spent refresh token(s) presented again: the chain broke");
        }
        var blueskyReused = world.Bluesky.ReusedRefreshTokens - reusedBefore.Bluesky;
        if (blueskyReused > 0)
        {
            Violation("tokens", $"{blueskyReused} spent Bluesky refresh token(s) presented again: a session chain broke");
        }
        var table = new AccountsTable(world.Tables, Microsoft.Extensions.Options.Options.Create(StorageNames.Default), Microsoft.Extensions.Options.Options.Create(new ScheduleOptions()));
        foreach (var account in model.Accounts)
        {
            var state = await table.GetAsync(account.Id, default);
            if (state is { IsChainBroken: true })
            {
                Violation($"{account.Id}/tokens", $"marked broken: {state.TokenStateReason}");
                continue;
            }
            var outcome = await host.Rotator.RotateIfDueAsync(account.Id, TimeSpan.FromHours(3), "chaos-check", default);
            if (outcome.Status != RotationStatus.Rotated)
            {
                Violation($"{account.Id}/tokens", $"a final refresh did not work: {outcome.Status}: {outcome.Detail}");
            }
        }
    }

    private async Task<Dictionary<string, HandoverRecord>> ReadHandoversAsync()
    {
        var table = world.Tables.GetTableClient(StorageNames.Default.HandoversTable);
        var rows = new Dictionary<string, HandoverRecord>(StringComparer.Ordinal);
        foreach (var account in model.Accounts)
        {
            await foreach (var row in table.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                rows[row.HandoverId] = row;
            }
        }
        return rows;
    }

    private static string Short(string text) => ExactlyOnce.Abbreviate(text);
}

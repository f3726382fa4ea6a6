using System.Diagnostics;
using RotationFunctions.Handover;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Chaos;

/// <summary>
/// One seed: weeks of schedule for a few accounts, stepped on a fake clock. At every step the
/// seed's Random picks faults (<see cref="ChaosFaultScheduler"/>), then the timers run
/// (<see cref="ChaosProcess"/>), then maybe the admin edits the schedule (<see cref="ChaosAdmin"/>).
/// At the end <see cref="ChaosChecker"/> judges what happened.
/// </summary>
public sealed class ChaosRun
{
    private readonly ChaosRunContext _run;
    private readonly ChaosAdmin _admin;
    private readonly ChaosProcess _process;
    private readonly ChaosFaultScheduler _faults;
    private readonly List<(DateTimeOffset From, DateTimeOffset To)> _outages = [];
    /// <summary>Edits planned within minutes of a boundary (the profile's), and the boundaries already drawn for.</summary>
    private readonly List<(DateTimeOffset When, string AccountId, DateTimeOffset BoundaryAt)> _nearEdits = [];
    private readonly HashSet<string> _nearDrawn = new(StringComparer.Ordinal);

    private ChaosRun(ChaosRunContext run, ChaosAdmin admin, ChaosProcess process, ChaosFaultScheduler faults)
    {
        _run = run;
        _admin = admin;
        _process = process;
        _faults = faults;
    }

    private DateTimeOffset Now => _run.Now;
    private Random Rng => _run.Random;
    private ChaosOptions Options => _run.Options;

    /// <summary>Runs seed <paramref name="seed"/> on <paramref name="world"/> and checks the invariants.</summary>
    public static async Task<ChaosResult> RunAsync(ChaosWorld world, int seed, ChaosOptions? options = null)
    {
        var watch = Stopwatch.StartNew();
        var run = new ChaosRunContext(world, seed, options ?? new ChaosOptions());
        var faults = new ChaosFaults();
        var tokenFaults = new ChaosTokenFaults(run);
        var scheduler = new ChaosFaultScheduler(run, faults);
        var process = new ChaosProcess(run, faults, tokenFaults);
        ChaosAdmin? admin = null;
        var violations = new List<string>();
        try
        {
            scheduler.Clear();
            world.Time.Current = run.Time;
            world.Apply(run.Profile);
            run.Trace.Write($"profile: {run.Profile}");
            var reusedBefore = (world.X.ReusedRefreshTokens.Count, world.Bluesky.ReusedRefreshTokens);
            admin = new ChaosAdmin(run);
            violations.AddRange(await new ChaosRun(run, admin, process, scheduler).SimulateAndCheckAsync(reusedBefore));
        }
        catch (ChaosHangException e)
        {
            violations.Add(e.Message);
        }
        catch (Exception e)
        {
            violations.Add($"seed {seed}: the run itself failed at {run.Now:O}: {e.GetType().Name}: {e.Message}");
            run.Trace.Write($"run failed: {e}");
        }
        finally
        {
            scheduler.Clear();
            scheduler.LiftRefusals();
            tokenFaults.RecoverDeleted();
            world.Apply(ChaosProfile.Kind);
            await process.DisposeAsync();
            if (admin is not null)
            {
                await admin.DeleteAccountsAsync();
            }
            await DeleteQueuesAsync(run);
        }
        return new ChaosResult(seed, violations, run.Stats, run.Trace.Lines, watch.Elapsed) { Profile = run.Profile };
    }

    /// <summary>Long enough for an acceptance wait begun at the run's end (24 h, looked at every 3 h) and one more begun in it.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromDays(3);

    private async Task<List<string>> SimulateAndCheckAsync((int X, int Bluesky) reusedBefore)
    {
        await _admin.WriteScheduleAsync();
        await _process.StartAsync();
        foreach (var account in _admin.Model.Accounts)
        {
            var issued = _run.World.X.IssueTokens(ChaosWorld.ClientId, account.UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);
            await _process.Host.TokenStore.SaveAsync(account.Id, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "chaos-seed", default);
            // As `rotation bluesky authorize` and `rotation mastodon authorize` leave it.
            var handle = $"{account.Id.ToLowerInvariant()}.bsky.social";
            _run.World.Bluesky.AddAccount(account.BlueskyDid, handle, "chaos-password");
            var session = await _process.Host.Services.GetRequiredService<RotationFunctions.Channels.Bluesky.BlueskyClient>().CreateSessionAsync(handle, "chaos-password", default);
            await _process.Host.Services.GetRequiredService<RotationFunctions.Channels.Bluesky.BlueskySessions>().SaveAsync(account.Id, session, default);
            _run.World.Mastodon.AddAccount(account.MastodonId, account.Id, "chaos-token-" + account.Id);
            await _run.World.Secrets.SetSecretAsync("mastodon-token-" + account.Id, "chaos-token-" + account.Id);
        }

        var end = Now.AddDays(7 * Options.Weeks + 2);
        var troubled = false;
        while (Now < end)
        {
            PlanNearEdits();
            await NextStepTimeAsync(end, troubled);
            troubled = await StepAsync(withFaults: true);
        }

        // Settle: the app keeps running without faults until everything due is done.
        _faults.LiftRefusals();
        _faults.LiftChannelFaults();
        _process.TokenFaults.Lifted = true;
        // A curator who never accepts is waited for (Schedule:AcceptanceWait, 24 h, looked at every 3 h): a boundary in the
        // run's last day settles only when that wait is over, so the run plays on, hour by hour, until it is.
        var settleFrom = Now;
        for (var i = 0; i < 2 || (!await SettledAsync() && (i < 8 || Now < settleFrom + SettleLimit)); i++)
        {
            _run.Time.Advance(i < 8 ? TimeSpan.FromMinutes(20) : TimeSpan.FromHours(1));
            await StepAsync(withFaults: false);
        }
        if (Options.BeforeCheck is { } beforeCheck)
        {
            await beforeCheck(new ChaosCheckContext(_run.World, _process.Host, _admin.Model.Accounts));
        }
        var checker = new ChaosChecker(_run.World, _run.Settings, _admin.Model, _process.Host, _run.Handover, _outages, _faults.VaultRefusals, _faults.MastodonOutages, _faults.Malformed, reusedBefore, Now, _run.Trace.Lines);
        var violations = await checker.CheckAsync(_run.Stats);
        if (violations.Count > 0)
        {
            _run.Trace.Write($"checked: {violations.Count} violations; {_run.Stats}");
        }
        return violations;
    }

    /// <summary>
    /// Moves the clock to the next step: just after the next boundary, soon after trouble, or
    /// some hours on; now and then across an outage.
    /// </summary>
    private async Task NextStepTimeAsync(DateTimeOffset end, bool troubled)
    {
        var next = Now.AddMinutes(Rng.Next(18 * 60, 60 * 60));
        var boundary = _admin.Model.Boundaries().Where(b => b.At > Now).MinBy(b => b.At);
        if (boundary is not null)
        {
            var at = boundary.At.AddMinutes(Rng.Next(0, 16));
            next = at < next ? at : next;
        }
        if (_nearEdits.Where(e => e.When > Now).Select(e => (DateTimeOffset?)e.When).Min() is { } edit && edit < next)
        {
            next = edit;
        }
        if (troubled)
        {
            // A message a dead or failing worker had received reappears after the worker's processing
            // timeout (5 minutes); the Functions host's is longer still.
            var soon = Now.AddMinutes(Rng.Next(5, 21));
            next = soon < next ? soon : next;
        }
        else if (Rng.NextDouble() < 0.15)
        {
            // The planner also ticks between boundaries.
            var tick = Now.AddMinutes(Rng.Next(5, 90));
            next = tick < next ? tick : next;
        }
        if (Rng.NextDouble() < Options.Outage && await SettledAsync())
        {
            var back = Now.AddHours(Rng.Next(1, 73)).AddMinutes(Rng.Next(0, 60));
            if (back > end)
            {
                back = end;
            }
            _outages.Add((Now, back));
            _run.Stats.Outages++;
            _run.Trace.Write($"outage until {back:O}");
            next = back;
        }
        if (next > end)
        {
            next = end;
        }
        if (next <= Now)
        {
            next = Now.AddMinutes(1);
        }
        _run.Time.Advance(next - Now);
    }

    /// <summary>No handover that is due is still unfinished (held ones count as finished: they wait for an admin).</summary>
    private async Task<bool> SettledAsync()
    {
        var handovers = _run.World.Tables.GetTableClient(StorageNames.Default.HandoversTable);
        foreach (var account in _admin.Model.Accounts)
        {
            await foreach (var row in handovers.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                if (row.BoundaryAt <= Now.AddHours(1) && !HandoverStatus.IsFinal(row.Status) && row.Status != HandoverStatus.Held)
                {
                    return false;
                }
            }
        }
        return _process.MessagesVisible;
    }

    /// <summary>One step: maybe a crash and faults, the timers, then maybe an admin edit. True when the next step should come soon.</summary>
    private async Task<bool> StepAsync(bool withFaults)
    {
        _run.Stats.Steps++;
        if (withFaults && Rng.NextDouble() < Options.CrashAtStepBoundary)
        {
            _run.Stats.Crashes++;
            _run.Trace.Write("crash at the step boundary");
            await _process.RestartAsync();
        }
        if (withFaults)
        {
            await _faults.InjectAsync(_admin.Model.Accounts);
        }
        _run.Trace.Write($"step {_run.Stats.Steps}");

        var troubled = await _process.RunTimersAsync(rotate: !withFaults || Rng.NextDouble() < Options.RotationRun);
        _faults.Clear();
        await _process.RestartIfDeadAsync();
        if (withFaults)
        {
            await EditNearBoundariesAsync();
        }
        if (withFaults && Rng.NextDouble() < Options.AdminEdit)
        {
            await _admin.EditAsync(SettledAsync);
        }
        return troubled;
    }

    /// <summary>
    /// Draws, once per upcoming boundary, whether the admin edits one of its slots within minutes of it
    /// (before or after), from the profile's own Random; the run then steps at that time.
    /// </summary>
    private void PlanNearEdits()
    {
        var rate = _run.Profile.NearBoundaryEdit;
        if (rate <= 0)
        {
            return;
        }
        var rng = _run.ProfileRandom;
        foreach (var b in _admin.Model.Boundaries().Where(b => b.At > Now && b.At <= Now.AddDays(3)).OrderBy(b => b.At).ThenBy(b => b.AccountId, StringComparer.Ordinal))
        {
            if (!_nearDrawn.Add(b.Id) || rng.NextDouble() >= rate)
            {
                continue;
            }
            var when = b.At.AddMinutes(rng.Next(1, Options.NearBoundaryMinutes + 1) * (rng.Next(2) == 0 ? -1 : 1));
            if (when > Now)
            {
                _nearEdits.Add((when, b.AccountId, b.At));
            }
        }
    }

    /// <summary>Makes the edits near a boundary that are due (one the clock passed by more than the window is dropped).</summary>
    private async Task EditNearBoundariesAsync()
    {
        foreach (var edit in _nearEdits.Where(e => e.When <= Now).OrderBy(e => e.When).ToList())
        {
            _nearEdits.Remove(edit);
            if (Now - edit.When > TimeSpan.FromMinutes(Options.NearBoundaryMinutes))
            {
                _run.Trace.Write($"near edit of {edit.AccountId} at {edit.BoundaryAt:O} dropped: the clock passed it");
                continue;
            }
            await _admin.EditNearBoundaryAsync(edit.AccountId, edit.BoundaryAt, SettledAsync);
        }
    }

    private static async Task DeleteQueuesAsync(ChaosRunContext run)
    {
        try
        {
            await run.World.Queue(run.Settings.QueueName).DeleteIfExistsAsync();
            await run.World.Queue(run.Settings.QueueName + "-poison").DeleteIfExistsAsync();
        }
        catch (Azure.RequestFailedException)
        {
            // Left for Azurite to forget when it stops.
        }
    }
}

using System.Diagnostics;

namespace RotationFunctions.Chaos;

/// <summary>
/// The chaos suite at scale (rotation-chaos, scripts/chaos.sh): runs seeds from..from+count-1 on a
/// few workers, each on its own <see cref="ChaosWorld"/>; prints the fault parameters, each invariant
/// violation on one line, what the seeds ran with (<see cref="ChaosProfile"/>), then "seeds: N,
/// violations: M". Exit code 1 when M > 0.
/// </summary>
public static class ChaosSuite
{
    /// <summary>A worker starts a fresh Azurite after this many seeds, which keeps its in-memory store small.</summary>
    private const int SeedsPerWorld = 250;

    public static async Task<int> RunAsync(int count, int from, int workers, ChaosOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var next = from - 1;
        var last = from + count - 1;
        var done = 0;
        var violations = 0;
        var gate = new Lock();
        output.WriteLine($"chaos: seeds {from}..{last} on {workers} worker(s), {options.Weeks} weeks each");
        output.WriteLine(options.Profile is null ? FaultParameters(options) : $"faults: every seed with the profile the caller gave (seed {from}: {options.Profile(from)})");
        var tally = new ProfileTally();

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            ChaosWorld? world = null;
            var runs = 0;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var seed = Interlocked.Increment(ref next);
                    if (seed > last)
                    {
                        return;
                    }
                    if (world is null || runs++ % SeedsPerWorld == SeedsPerWorld - 1)
                    {
                        if (world is not null)
                        {
                            await world.DisposeAsync();
                        }
                        world = await ChaosWorld.StartAsync();
                    }
                    var result = await ChaosRun.RunAsync(world, seed, options);
                    lock (gate)
                    {
                        done++;
                        violations += result.Violations.Count;
                        tally.Add(result);
                        Report(result, options.Trace, output);
                        if (done % 50 == 0)
                        {
                            progress.WriteLine($"... {done}/{count} seeds, {violations} violations, {watch.Elapsed.TotalSeconds:0} s");
                        }
                    }
                }
            }
            finally
            {
                if (world is not null)
                {
                    await world.DisposeAsync();
                }
            }
        }, CancellationToken.None)));

        output.WriteLine(tally.ToString());
        output.WriteLine($"seeds: {done}, violations: {violations} ({watch.Elapsed.TotalSeconds:0} s)");
        return violations > 0 ? 1 : 0;
    }

    /// <summary>The profile parameters each seed draws from (<see cref="ChaosProfile.Draw"/>).</summary>
    public static string FaultParameters(ChaosOptions o)
    {
        static string P(double rate) => ChaosProfile.Percent(rate);
        return $"faults drawn per seed: X's duplicate check off in {P(o.DuplicateCheckOffSeeds)} of seeds, a finite window " +
               $"({string.Join(", ", o.FiniteDuplicateWindows.Select(w => ChaosProfile.Window(w)))}) in {P(o.DuplicateWindowFiniteSeeds)}, for ever in the rest; " +
               $"X's timeline lag 1–{o.MaxTimelineLag.TotalSeconds:0} s in {P(o.TimelineLagSeeds)}; " +
               $"Key Vault refusals in {P(o.KeyVaultRefusalSeeds)} (403 RBAC/policy begins at {P(o.KeyVaultDenialPerStep)} of steps, for 1–3 steps) " +
               $"and apart in {P(o.KeyVaultRefusalSeeds)} (409: the secret deleted at {P(o.SecretDeletionPerRotation)} of the rotation timer's refreshes); " +
               $"the rotation lease lost at {P(o.LeaseLossPerRefresh)} of refreshes in {P(o.LeaseLossSeeds)} (another instance rotates meanwhile in {P(o.LeaseLossRival)} of those); " +
               $"admin edits (text, curator, deletion) within {o.NearBoundaryMinutes} min before or after {P(o.NearBoundaryEditPerBoundary)} of boundaries in {P(o.NearBoundaryEditSeeds)}; " +
               $"Bluesky faults at {P(o.BlueskyFaultPerStep)} and Mastodon faults at {P(o.MastodonFaultPerStep)} of steps, each in {P(o.ChannelFaultSeeds)} of seeds " +
               $"(a crash around the channel's next post with {P(o.CrashAroundChannelPost)} of them); app-password accounts ({P(o.AppPasswordAccountShare)} of accounts) in {P(o.AppPasswordSeeds)}";
    }

    /// <summary>What the seeds ran with, added up for the report.</summary>
    private sealed class ProfileTally
    {
        private int _xFaults, _blueskyFaults, _mastodonFaults, _blueskySeeds, _mastodonSeeds, _appPasswordSeeds, _appPasswords, _appPasswordHandovers;
        private int _seeds, _off, _finite, _lag, _nearSeeds, _before, _after, _denialSeeds, _denials, _deletionSeeds, _deletions, _leaseSeeds, _losses, _rivals;

        public void Add(ChaosResult result)
        {
            var (p, s) = (result.Profile, result.Stats);
            _seeds++;
            _off += p.DuplicateCheckOff ? 1 : 0;
            _finite += p.DuplicateCheckFinite ? 1 : 0;
            _lag += p.TimelineLag > TimeSpan.Zero ? 1 : 0;
            _nearSeeds += s.EditsBeforeBoundary + s.EditsAfterBoundary > 0 ? 1 : 0;
            (_before, _after) = (_before + s.EditsBeforeBoundary, _after + s.EditsAfterBoundary);
            _denialSeeds += s.KeyVaultDenials > 0 ? 1 : 0;
            _denials += s.KeyVaultDenials;
            _deletionSeeds += s.SecretDeletions > 0 ? 1 : 0;
            _deletions += s.SecretDeletions;
            _leaseSeeds += s.LeaseLosses > 0 ? 1 : 0;
            (_losses, _rivals) = (_losses + s.LeaseLosses, _rivals + s.RivalRotations);
            (_xFaults, _blueskyFaults, _mastodonFaults) = (_xFaults + s.XFaults, _blueskyFaults + s.BlueskyFaults, _mastodonFaults + s.MastodonFaults);
            _blueskySeeds += s.BlueskyFaults > 0 ? 1 : 0;
            _mastodonSeeds += s.MastodonFaults > 0 ? 1 : 0;
            _appPasswordSeeds += p.AppPasswordAccounts > 0 ? 1 : 0;
            (_appPasswords, _appPasswordHandovers) = (_appPasswords + s.AppPasswordsIssued, _appPasswordHandovers + s.AppPasswordHandovers);
        }

        public override string ToString() =>
            $"seeds with X's duplicate check off: {_off} of {_seeds} ({Share(_off)}), with a finite window: {_finite}, for ever: {_seeds - _off - _finite}; " +
            $"with a timeline lag: {_lag}; with edits within minutes of a boundary: {_nearSeeds} ({_before} before, {_after} after a boundary); " +
            $"Key Vault 403 refusals: {_denials} in {_denialSeeds} seeds, 409 (secret deleted during a rotation): {_deletions} in {_deletionSeeds} seeds; " +
            $"leases lost before a refresh: {_losses} in {_leaseSeeds} seeds ({_rivals} with another instance rotating meanwhile); " +
            $"faults per channel: X {_xFaults}, Bluesky {_blueskyFaults} in {_blueskySeeds} seeds, Mastodon {_mastodonFaults} in {_mastodonSeeds} seeds; " +
            $"Bluesky app passwords: {_appPasswords} issued, {_appPasswordHandovers} handovers made one, in {_appPasswordSeeds} seeds with app-password accounts";

        private string Share(int n) => _seeds == 0 ? "-" : ChaosProfile.Percent((double)n / _seeds);
    }

    /// <summary>A seed's violations and, if any, its profile; with --trace also its time and counts, and a failing seed's trace.</summary>
    private static void Report(ChaosResult result, bool trace, TextWriter output)
    {
        foreach (var violation in result.Violations)
        {
            output.WriteLine(violation);
        }
        if (!trace)
        {
            if (result.Violations.Count > 0)
            {
                output.WriteLine($"  seed {result.Seed} ran with: {result.Profile}");
            }
            return;
        }
        output.WriteLine($"  seed {result.Seed}: {result.Elapsed.TotalSeconds:0.0} s, {result.Profile}; {result.Stats}");
        if (result.Violations.Count > 0)
        {
            foreach (var line in result.Trace)
            {
                output.WriteLine($"    {line}");
            }
        }
    }
}

using RotationFunctions.Chaos;

namespace RotationFunctions.Tests.Chaos;

/// <summary>
/// A few seeds of the chaos suite (scripts/chaos.sh runs a thousand): weeks of schedule with
/// crashes, storage, X and Key Vault faults, duplicate and malformed messages and admin edits,
/// then every invariant. A failure prints the violations and the seed's trace; rerun it with
/// <c>scripts/chaos.sh 1 --from SEED --trace</c> (add <c>--kind</c> for the first theory's seeds).
/// </summary>
public sealed class ChaosTests(ChaosWorldFixture fixture) : IClassFixture<ChaosWorldFixture>
{
    /// <summary>
    /// With the stand-ins as they were when these seeds were picked (<see cref="ChaosProfile.Kind"/>: X refuses
    /// every repeat, no timeline lag, no Key Vault refusals or lost leases): each replays the run it had then.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(66)] // a copy waiting for X (notBefore) came early and was taken for an early message: the handover was missed
    public async Task Seed_keeps_every_invariant(int seed)
    {
        var result = await RunAsync(seed, _ => ChaosProfile.Kind);

        // The run did exercise the pipeline: boundaries passed, tweets posted (or, for DryRun accounts, recorded), faults struck.
        Assert.True(result.Stats.Boundaries > 0 && result.Stats.Tweets + result.Stats.DryRunSteps > 0 && result.Stats.Faults > 0, result.Stats.ToString());
    }

    /// <summary>
    /// With the profile each seed draws (<see cref="ChaosProfile.Draw"/>), as scripts/chaos.sh runs them: seeds
    /// that keep every invariant on the current code while X has no duplicate check or a short one, its
    /// timeline lags, or the admin edits slots minutes before and after their boundaries.
    /// </summary>
    [Theory]
    [InlineData(30)] // X's duplicate check off; edits within minutes of boundaries
    [InlineData(32)] // a 12 h duplicate window, a 12 s timeline lag; edits minutes before boundaries
    [InlineData(15)] // X's duplicate check off, a 2 s timeline lag
    [InlineData(27)] // Key Vault refuses the token's writes through a catch-up window: missed, the note naming the token, not X
    [InlineData(799)] // a boundary 13 h before the run's end whose curator never accepts: the intro waits 24 h, past the end
    public async Task Seed_with_its_drawn_profile_keeps_every_invariant(int seed)
    {
        var result = await RunAsync(seed, profile: null);

        var p = result.Profile;
        Assert.True(p.DuplicateWindow is not null || p.TimelineLag > TimeSpan.Zero || result.Stats.EditsBeforeBoundary + result.Stats.EditsAfterBoundary > 0,
            $"seed {seed} no longer exercises what it was picked for: {p}; {result.Stats}");
        Assert.True(result.Stats.Boundaries > 0 && result.Stats.Tweets > 0, result.Stats.ToString());
    }

    /// <summary>
    /// Seeds whose profile loses the rotation lease right after the refresh was marked as starting: the loss does
    /// strike (a hook that no longer sees the marker would leave these seeds without the fault they were picked for),
    /// another instance rotates meanwhile, and no chain is lost.
    /// </summary>
    [Theory]
    [InlineData(11)] // lease loss at 20 % of refreshes, X's duplicate check for ever, a 1 s timeline lag
    public async Task Seed_that_loses_the_rotation_lease_keeps_every_invariant(int seed)
    {
        var result = await RunAsync(seed, profile: null);

        Assert.True(result.Profile.LeaseLoss > 0, result.Profile.ToString());
        Assert.True(result.Stats.LeaseLosses > 0 && result.Stats.RivalRotations > 0, result.Stats.ToString());
    }

    private async Task<ChaosResult> RunAsync(int seed, Func<int, ChaosProfile>? profile)
    {
        var result = await ChaosRun.RunAsync(fixture.World, seed, new ChaosOptions { Trace = true, Profile = profile });

        Assert.True(result.Violations.Count == 0,
            $"{string.Join(Environment.NewLine, result.Violations)}{Environment.NewLine}{result.Profile}{Environment.NewLine}{result.Stats}{Environment.NewLine}" +
            string.Join(Environment.NewLine, result.Trace));
        return result;
    }
}

using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Handover;

namespace RotationFunctions.Chaos;

/// <summary>
/// What every part of one seed's run shares: the world it runs on, its names and options, the
/// seed's Random (each part draws from it in a fixed order, so a seed replays the same run), the
/// fake clock, and what the run counts and traces.
/// </summary>
internal sealed class ChaosRunContext
{
    public ChaosRunContext(ChaosWorld world, int seed, ChaosOptions options)
    {
        World = world;
        Options = options;
        var (prefix, number) = world.NextRun();
        Settings = new ChaosRunSettings(seed, prefix);
        RunNumber = number;
        Random = new Random(seed);
        Profile = options.Profile?.Invoke(seed) ?? ChaosProfile.Draw(seed, options);
        ProfileRandom = new Random(unchecked(seed * 6_151 + 1));
        RequestRandom = new Random(unchecked(seed * 3_079 + 2));
        ChannelRandom = new Random(unchecked(seed * 2_029 + 3));
        // A Monday in 2027, some weeks in: seeds spread over the year and its DST changes.
        Time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 5, 0, 0, TimeSpan.Zero).AddDays(7 * Random.Next(0, 48)).AddMinutes(Random.Next(0, 24 * 60)));
        Trace = new ChaosTrace(Time, options.Trace);
    }

    public ChaosWorld World { get; }
    public ChaosOptions Options { get; }
    public ChaosRunSettings Settings { get; }

    /// <summary>This run's number on its world: part of its X user ids.</summary>
    public int RunNumber { get; }

    public Random Random { get; }

    /// <summary>What X, Key Vault, the lease and the admin are like in this run.</summary>
    public ChaosProfile Profile { get; }

    /// <summary>
    /// Draws for the profile's faults at step boundaries (Key Vault refusals, edits near a boundary), kept
    /// apart from <see cref="Random"/>: a seed whose profile adds none replays the run it had before.
    /// </summary>
    public Random ProfileRandom { get; }

    /// <summary>Draws for Bluesky's and Mastodon's faults, apart from <see cref="Random"/> for the same reason.</summary>
    public Random ChannelRandom { get; }

    /// <summary>Draws made while a request is under way (a lease lost, a secret deleted at a refresh); requests of a run are sequential.</summary>
    public Random RequestRandom { get; }
    public FakeTimeProvider Time { get; }
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The app's handover settings (its catch-up window), as the Function App runs with them.</summary>
    public HandoverOptions Handover { get; } = new();

    public ChaosStats Stats { get; } = new();
    public ChaosTrace Trace { get; }
}

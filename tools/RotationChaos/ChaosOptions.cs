namespace RotationFunctions.Chaos;

/// <summary>How big a run is and how often each fault strikes (per step, each drawn from the seed's Random).</summary>
public sealed record ChaosOptions
{
    public int Weeks { get; init; } = 3;
    public int MaxAccounts { get; init; } = 3;

    /// <summary>Kill the process at a step boundary, before anything runs.</summary>
    public double CrashAtStepBoundary { get; init; } = 0.04;
    /// <summary>Kill the process at the n-th storage request of the step (maybe after storage applied it).</summary>
    public double CrashAtStorageRequest { get; init; } = 0.07;
    /// <summary>Kill the process just before X sees a post, or just after X accepted it.</summary>
    public double CrashAroundPost { get; init; } = 0.08;
    public double XPostFault { get; init; } = 0.12;
    public double XReadFault { get; init; } = 0.05;
    public double XTokenFault { get; init; } = 0.05;
    public double KeyVaultFault { get; init; } = 0.10;
    public double StorageFault { get; init; } = 0.12;
    public double DuplicateDelivery { get; init; } = 0.10;
    public double MalformedMessage { get; init; } = 0.02;
    public double AdminEdit { get; init; } = 0.18;
    /// <summary>The whole app is down for hours or days (only when nothing is in flight).</summary>
    public double Outage { get; init; } = 0.03;
    /// <summary>An account is created with DryRun: every handover runs, nothing is posted, the row says what would have been.</summary>
    public double DryRunAccount { get; init; } = 0.15;
    /// <summary>A step runs the token rotation timer (the publisher refreshes on its own otherwise).</summary>
    public double RotationRun { get; init; } = 0.35;

    // ---- the seed's profile (ChaosProfile.Draw): what X, Key Vault, the lease and the admin are like for the whole run ----

    /// <summary>Seeds whose X has no duplicate check at all: a second post of a step is not refused (issue 13 asks for at least a third).</summary>
    public double DuplicateCheckOffSeeds { get; init; } = 0.4;
    /// <summary>Seeds whose X refuses a repeat only within a finite window (one of <see cref="FiniteDuplicateWindows"/>); the rest: for ever.</summary>
    public double DuplicateWindowFiniteSeeds { get; init; } = 0.3;
    public IReadOnlyList<TimeSpan> FiniteDuplicateWindows { get; init; } =
        [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(12)];
    /// <summary>Seeds whose X timeline lists a post only once it is 1 s to <see cref="MaxTimelineLag"/> old.</summary>
    public double TimelineLagSeeds { get; init; } = 0.5;
    /// <summary>The longest timeline lag drawn: the worker's timeline lag bound (30 s by default) must cover it.</summary>
    public TimeSpan MaxTimelineLag { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Seeds with Key Vault write refusals: 403 (per step) and, drawn apart, 409 on a deleted secret (per rotation).</summary>
    public double KeyVaultRefusalSeeds { get; init; } = 0.3;
    public double KeyVaultDenialPerStep { get; init; } = 0.06;
    public double SecretDeletionPerRotation { get; init; } = 0.15;
    /// <summary>Seeds in which a rotation's blob lease may be lost, and how often per refresh.</summary>
    public double LeaseLossSeeds { get; init; } = 0.3;
    public double LeaseLossPerRefresh { get; init; } = 0.2;
    /// <summary>When the lease is lost, the chance that another instance's rotation takes it and refreshes before the holder goes on.</summary>
    public double LeaseLossRival { get; init; } = 0.5;
    /// <summary>Seeds in which the admin edits slots within <see cref="NearBoundaryMinutes"/> of a boundary, and how often per boundary.</summary>
    public double NearBoundaryEditSeeds { get; init; } = 0.4;
    public double NearBoundaryEditPerBoundary { get; init; } = 0.6;
    public int NearBoundaryMinutes { get; init; } = 10;

    /// <summary>Seeds in which Bluesky, and apart Mastodon, fail now and then (<see cref="ChaosProfile.BlueskyFault"/>), and how often per step.</summary>
    public double ChannelFaultSeeds { get; init; } = 0.7;
    public double BlueskyFaultPerStep { get; init; } = 0.15;
    public double MastodonFaultPerStep { get; init; } = 0.15;
    /// <summary>Chance per Bluesky or Mastodon fault of a crash just before the network sees the post, or just after it took it.</summary>
    public double CrashAroundChannelPost { get; init; } = 0.25;
    /// <summary>Seeds with accounts that hand curators Bluesky app passwords, and the share of their accounts that do.</summary>
    public double AppPasswordSeeds { get; init; } = 0.5;
    public double AppPasswordAccountShare { get; init; } = 0.7;

    /// <summary>The seed's profile; null draws it from the seed (<see cref="ChaosProfile.Draw"/>). Tests pin one.</summary>
    public Func<int, ChaosProfile>? Profile { get; init; }

    /// <summary>A single core call that takes longer than this (wall clock) is reported as a hang.</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Record a line per step, fault and edit (printed for failing seeds with --trace).</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// Runs after the simulation settled and before the invariants are judged. The checker's own tests
    /// break one promise here (delete a tweet, fail a row, …) and expect the checker to say so.
    /// </summary>
    public Func<ChaosCheckContext, Task>? BeforeCheck { get; init; }
}

/// <summary>What <see cref="ChaosOptions.BeforeCheck"/> can reach: the world, the live host and the run's accounts.</summary>
public sealed record ChaosCheckContext(ChaosWorld World, ChaosHost Host, IReadOnlyList<ModelAccount> Accounts);

/// <summary>One run's names and seed.</summary>
public sealed record ChaosRunSettings(int Seed, string Prefix)
{
    /// <summary>The shortest time a receive may hide a message (Azure allows 1 s); real time.</summary>
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromSeconds(1);

    public string QueueName => $"ho-{Prefix}";
}

/// <summary>What one seed did and what it broke.</summary>
public sealed record ChaosResult(int Seed, IReadOnlyList<string> Violations, ChaosStats Stats, IReadOnlyList<string> Trace, TimeSpan Elapsed)
{
    /// <summary>What X, Key Vault, the lease and the admin were like in this run.</summary>
    public ChaosProfile Profile { get; init; } = ChaosProfile.Kind;
}

public sealed class ChaosStats
{
    public int Accounts { get; set; }
    public int Steps { get; set; }
    public int Boundaries { get; set; }
    public int Tweets { get; set; }

    /// <summary>Posts on Bluesky and Mastodon together.</summary>
    public int ChannelPosts { get; set; }
    /// <summary>Steps a DryRun account recorded instead of posting.</summary>
    public int DryRunSteps { get; set; }
    public int Crashes { get; set; }
    public int Faults { get; set; }
    public int Edits { get; set; }
    public int BadEdits { get; set; }
    public int Duplicates { get; set; }
    public int Malformed { get; set; }
    public int Outages { get; set; }
    public int FailedTimerRuns { get; set; }
    /// <summary>Admin edits of a slot within minutes of one of its boundaries (before, after).</summary>
    public int EditsBeforeBoundary { get; set; }
    public int EditsAfterBoundary { get; set; }
    /// <summary>Key Vault write refusals begun: 403 (RBAC or policy), 409 (secret deleted during a rotation).</summary>
    public int KeyVaultDenials { get; set; }
    public int SecretDeletions { get; set; }
    /// <summary>Rotation leases lost before the refresh, and how many of those another instance's rotation took.</summary>
    public int LeaseLosses { get; set; }
    public int RivalRotations { get; set; }
    /// <summary>Faults injected per channel: X (posts, timeline, token endpoint), Bluesky, Mastodon.</summary>
    public int XFaults { get; set; }
    public int BlueskyFaults { get; set; }
    public int MastodonFaults { get; set; }
    /// <summary>Handovers that made a curator's Bluesky app password, and app passwords the PDS issued in all.</summary>
    public int AppPasswordHandovers { get; set; }
    public int AppPasswordsIssued { get; set; }
    public TimeSpan WaitedForInvisibleMessages { get; set; }
    public Dictionary<string, TimeSpan> PhaseTime { get; } = [];

    public override string ToString() =>
        $"accounts {Accounts}, steps {Steps}, boundaries {Boundaries}, tweets {Tweets} (dry runs {DryRunSteps}), Bluesky and Mastodon posts {ChannelPosts}, crashes {Crashes}, faults {Faults} (X {XFaults}, Bluesky {BlueskyFaults}, Mastodon {MastodonFaults}), app passwords {AppPasswordsIssued} in {AppPasswordHandovers} handovers, edits {Edits} ({BadEdits} bad), " +
        $"duplicates {Duplicates}, malformed {Malformed}, outages {Outages}, failed timer runs {FailedTimerRuns}, " +
        $"edits near a boundary {EditsBeforeBoundary} before / {EditsAfterBoundary} after, Key Vault 403 {KeyVaultDenials} / 409 {SecretDeletions}, lease losses {LeaseLosses} ({RivalRotations} taken by a rival); " +
        $"waited {WaitedForInvisibleMessages.TotalSeconds:0.0} s, {string.Join(", ", PhaseTime.Select(p => $"{p.Key} {p.Value.TotalSeconds:0.0} s"))}";
}

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
public sealed record ChaosResult(int Seed, IReadOnlyList<string> Violations, ChaosStats Stats, IReadOnlyList<string> Trace, TimeSpan Elapsed);

public sealed class ChaosStats
{
    public int Accounts { get; set; }
    public int Steps { get; set; }
    public int Boundaries { get; set; }
    public int Tweets { get; set; }
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
    public TimeSpan WaitedForInvisibleMessages { get; set; }
    public Dictionary<string, TimeSpan> PhaseTime { get; } = [];

    public override string ToString() =>
        $"accounts {Accounts}, steps {Steps}, boundaries {Boundaries}, tweets {Tweets} (dry runs {DryRunSteps}), crashes {Crashes}, faults {Faults}, edits {Edits} ({BadEdits} bad), " +
        $"duplicates {Duplicates}, malformed {Malformed}, outages {Outages}, failed timer runs {FailedTimerRuns}; " +
        $"waited {WaitedForInvisibleMessages.TotalSeconds:0.0} s, {string.Join(", ", PhaseTime.Select(p => $"{p.Key} {p.Value.TotalSeconds:0.0} s"))}";
}

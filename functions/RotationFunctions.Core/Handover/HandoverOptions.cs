namespace RotationFunctions.Handover;

public sealed class HandoverOptions : IValidatableObject
{
    public const string Section = "Handover";

    /// <summary>Storage queues hide a message for at most 7 days, so the planner looks no further ahead.</summary>
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(7);

    /// <summary>How far ahead a tick plans (and enqueues with a visibility delay).</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(2);

    /// <summary>A boundary that passed less than this ago without being planned is still run.</summary>
    public TimeSpan CatchUp { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How far back a tick looks for boundaries that were never planned, to report them as missed.</summary>
    public TimeSpan MissedLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A message that arrives at most this long before its boundary waits in-process until the
    /// boundary (queue delays have whole-second resolution); an earlier one is put back on the queue.
    /// Nothing is posted before its boundary.
    /// </summary>
    public TimeSpan MaxEarlyWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A step claimed by another worker this recently is left to it. The worker renews its claim every
    /// third of this while its post is in flight, and gives up the post when it cannot.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan StepClaimTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Deliveries before the host moves a message to the poison queue. Not a setting of its own: always
    /// host.json's extensions.queues.maxDequeueCount (see <see cref="QueueTriggerSettings"/>); 0 until bound.
    /// </summary>
    [Range(1, 100, ErrorMessage = "extensions.queues.maxDequeueCount in host.json (or the AzureFunctionsJobHost__extensions__queues__maxDequeueCount app setting) must be between 1 and 100.")]
    public int MaxDequeueCount { get; set; }

    /// <summary>
    /// Multiplies queue visibility delays. 1 in production; the local host's accelerated clock
    /// uses 1/speed, tests that move a FakeTimeProvider use 0.
    /// </summary>
    [Range(0.0, 1.0)]
    public double QueueDelayScale { get; set; } = 1.0;

    /// <summary>
    /// Accounts a planner tick works on at once. Each costs two storage round trips; one at a time,
    /// 10,000 accounts take minutes of latency, 16 at a time a few seconds (benchmarks/).
    /// </summary>
    [Range(1, 64)]
    public int PlannerConcurrency { get; set; } = 16;

    /// <summary>
    /// A schedule error is logged (event ScheduleProblem) when a tick first finds it, when it is gone,
    /// and again after this long while it stays: ops hear of each change at once and of an unfixed row
    /// once a day, not on every tick.
    /// </summary>
    public TimeSpan ScheduleProblemRepeat { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Horizon <= TimeSpan.Zero || Horizon > MaxHorizon)
        {
            yield return new ValidationResult($"Handover:Horizon must be between 0 and 7 days (a queue message can be hidden for at most 7 days); it is {Horizon}.", [nameof(Horizon)]);
        }
        if (ScheduleProblemRepeat <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Handover:ScheduleProblemRepeat must be positive; it is {ScheduleProblemRepeat}.", [nameof(ScheduleProblemRepeat)]);
        }
        if (CatchUp < TimeSpan.Zero || CatchUp > MissedLookback)
        {
            yield return new ValidationResult($"Handover:CatchUp must be between 0 and Handover:MissedLookback ({MissedLookback}); it is {CatchUp}.", [nameof(CatchUp)]);
        }
    }
}

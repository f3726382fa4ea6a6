namespace RotationFunctions.Handover;

/// <summary>What <see cref="HandoverStep.Decide"/> says a step does.</summary>
public abstract record StepDecision
{
    private StepDecision()
    {
    }

    /// <summary>Post <paramref name="Text"/> on the channel.</summary>
    public sealed record Post(string Text) : StepDecision;

    /// <summary>
    /// Tried before: post exactly <paramref name="Text"/>, the text of the first attempt, whatever the schedule
    /// says now (that attempt may be on X already; the processor looks there first when it may).
    /// </summary>
    public sealed record Resume(string Text) : StepDecision;

    /// <summary>Nothing to post: nobody leaves or arrives at this boundary.</summary>
    public sealed record Skip(string Reason) : StepDecision;

    /// <summary>Not posted until an admin acts; <paramref name="Text"/> is what would have been posted, if it could be composed.</summary>
    public sealed record Blocked(IReadOnlyList<StepBlock> Blocks, string? Text) : StepDecision
    {
        public string Reason => string.Join("; ", Blocks.Select(b => b.Message));
    }

    /// <summary>The account is in dry run: record <paramref name="Text"/> as what would have been posted.</summary>
    public sealed record DryRun(string Text) : StepDecision;

    /// <summary>The step already ended (posted, skipped, blocked, dry run or failed): a retry or a second delivery does nothing.</summary>
    public sealed record AlreadyFinal(string Status) : StepDecision;
}

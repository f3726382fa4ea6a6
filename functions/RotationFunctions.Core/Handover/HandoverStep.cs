using RotationFunctions.Guard;
using RotationFunctions.Schedule;
using RotationFunctions.Text;

namespace RotationFunctions.Handover;

/// <summary>
/// The one rule for what a handover step posts, or why not. The processor runs it at the boundary,
/// schedule validation (`rotation schedule validate`, import) and `rotation schedule preview` run it
/// ahead of time, so what an admin is told is what will happen. Pure: the same inputs always give
/// the same decision.
/// </summary>
public static class HandoverStep
{
    public static StepDecision Decide(AccountSettings account, Boundary boundary, StepKind kind, Channel channel, StepRecord record)
    {
        if (StepStatus.IsFinal(record.Status))
        {
            return new StepDecision.AlreadyFinal(record.Status);
        }
        if (record.IsAttempted)
        {
            // Before its first attempt the table is the truth; after it, the text is: a retry that composed
            // again from an edited row would put a second, different tweet beside one that may be on X.
            return new StepDecision.Resume(record.Text!);
        }
        var (slot, other) = kind == StepKind.Intro ? (boundary.Incoming, boundary.Outgoing) : (boundary.Outgoing, boundary.Incoming);
        if (slot is null)
        {
            return new StepDecision.Skip(kind == StepKind.Intro ? "nobody arrives at this boundary" : "nobody leaves at this boundary");
        }

        var tweet = kind == StepKind.Intro ? TweetComposer.Intro(account, slot, other) : TweetComposer.Outro(account, slot, other);
        if (slot.HasErrors)
        {
            return new StepDecision.Blocked(
                [new StepBlock(StepBlockKind.RowHasErrors, $"schedule row {slot.RowKey} has errors; run 'rotation schedule validate'")], tweet.Text);
        }
        var blocks = new List<StepBlock>();
        if (kind == StepKind.Intro && !CuratorGuidelines.IsApproved(account, slot))
        {
            blocks.Add(new StepBlock(StepBlockKind.NotApproved, $"{slot.CuratorName} (row {slot.RowKey}) {CuratorGuidelines.Missing(slot)}"));
        }
        blocks.AddRange(TextProblems(account, slot, other, tweet, channel).Select(p => new StepBlock(StepBlockKind.Text, p)));
        var guard = ContentGuard.Check(tweet.Text, account.Guard);
        if (guard.Blocked)
        {
            blocks.Add(new StepBlock(StepBlockKind.Text,
                $"the {Name(kind)} ({tweet.TemplateSource}) contains {guard.Describe(tweet.Text)}; nothing that can identify a person is posted. Remove it from the text or the row."));
        }
        if (blocks.Count > 0)
        {
            // What was found is never kept or shown, not even in the Handovers row of the blocked step.
            return new StepDecision.Blocked(blocks, guard.Blocked ? guard.Mask(tweet.Text) : tweet.Text);
        }
        return account.DryRun ? new StepDecision.DryRun(tweet.Text) : new StepDecision.Post(tweet.Text);
    }

    /// <summary>The schedule column a step's text comes from, where its problems are reported.</summary>
    public static string Field(StepKind kind) => kind == StepKind.Intro ? ScheduleFields.Slot.IntroText : ScheduleFields.Slot.OutroText;

    public static string Name(StepKind kind) => kind == StepKind.Intro ? "intro" : "outro";

    private static IEnumerable<string> TextProblems(AccountSettings account, Slot slot, Slot? other, ComposedTweet tweet, Channel channel)
    {
        var what = tweet.Kind == TweetKind.Intro ? "intro" : "outro";
        string Problem(string message) => $"the {what} ({tweet.TemplateSource}) {message}";

        if (tweet.MissingPlaceholders.Count > 0)
        {
            yield return Problem($"uses {string.Join(", ", tweet.MissingPlaceholders.Select(p => "{" + p + "}"))} but there is no value for it here; fill the column or change the template.");
        }
        if (string.IsNullOrWhiteSpace(tweet.Text))
        {
            yield return Problem("would be empty.");
            yield break;
        }
        var length = channel switch
        {
            Channel.X => TweetLength.Measure(tweet.Text),
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "no text rules for this channel"),
        };
        if (length.WeightedLength > TweetLength.MaxWeightedLength)
        {
            yield return Problem($"would be {length.WeightedLength} weighted characters; X allows {TweetLength.MaxWeightedLength}. Shorten the text, the role or the template.");
        }
        else if (!length.IsValid)
        {
            yield return Problem("contains characters X does not accept.");
        }

        // Only the people of this handover and the account itself may be tagged: an @ to anyone else
        // notifies a stranger in the organisation's name.
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { slot.CuratorHandle };
        if (other is not null)
        {
            allowed.Add(other.CuratorHandle);
        }
        if (account.XHandle is not null)
        {
            allowed.Add(account.XHandle);
        }
        var strangers = TweetEntities.Mentions(tweet.Text).Where(m => !allowed.Contains(m)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (strangers.Count > 0)
        {
            yield return Problem($"would @-mention {string.Join(", ", strangers.Select(s => "@" + s))}, who is not a curator of this handover; remove the @ or write the name without it.");
        }
    }
}

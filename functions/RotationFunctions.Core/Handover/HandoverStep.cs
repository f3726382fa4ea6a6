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

        var tweet = kind == StepKind.Intro ? TweetComposer.Intro(account, slot, other, channel) : TweetComposer.Outro(account, slot, other, channel);
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

    /// <summary>The step as rows, notes and logs name it: "outro" on X (as before channels), "outro on Bluesky" elsewhere.</summary>
    public static string Name(StepKind kind, Channel channel) => channel == Channel.X ? Name(kind) : $"{Name(kind)} on {channel}";

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
        var length = ChannelLength.Measure(tweet.Text, channel, account.MastodonMaxCharacters);
        if (channel == Channel.X && length.Length > length.Max)
        {
            yield return Problem($"would be {length.Length} weighted characters; X allows {TweetLength.MaxWeightedLength}. Shorten the text, the role or the template.");
        }
        else if (channel == Channel.X && !length.IsValid)
        {
            yield return Problem("contains characters X does not accept.");
        }
        else if (!length.IsValid)
        {
            var limit = channel == Channel.Mastodon ? $"the instance allows {length.Max} (links count {ChannelLength.MastodonUrlLength})" : $"Bluesky allows {length.Max} (and {ChannelLength.BlueskyMaxBytes} bytes)";
            yield return Problem($"would be {length.Length} {length.Unit} on {channel}; {limit}. Shorten the text, the role or the template.");
        }
        if (channel != Channel.X)
        {
            foreach (var problem in ChannelMentionProblems(account, slot, other, tweet.Text, channel))
            {
                yield return Problem(problem);
            }
            yield break;
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

    /// <summary>On Bluesky and Mastodon, as on X, only the curators of this handover may be tagged.</summary>
    private static IEnumerable<string> ChannelMentionProblems(AccountSettings account, Slot slot, Slot? other, string text, Channel channel)
    {
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var curator in new[] { slot, other })
        {
            if (curator is not null && TweetComposer.Mention(curator, channel) is ['@', .. var handle])
            {
                allowed.Add(handle);
            }
        }
        var strangers = ChannelMentions.Find(text, channel).Where(m => !allowed.Contains(m)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (strangers.Count > 0)
        {
            yield return $"would @-mention {string.Join(", ", strangers.Select(s => "@" + s))} on {channel}, who is not a curator of this handover; remove the @ or write the name without it.";
        }
    }
}

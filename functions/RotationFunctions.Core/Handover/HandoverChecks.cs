using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// Schedule validation's tweet checks: the handover rule run ahead of time over every boundary, each
/// step it would block for its text reported as a problem of the row the text comes from. The
/// schedule's own checks (rows, overlaps, gaps, approval) are in the report already. A text the
/// account's handovers posted in the last <see cref="RepeatWindow"/> is a warning: X refuses an exact
/// repeat, and the step would fail at its boundary.
/// </summary>
public sealed class HandoverChecks(AccountsTable accounts, ScheduleTable schedule, HandoverHistory history, TimeProvider time)
{
    /// <summary>How far back a posted text counts as one X refuses to see again. X documents no window: this is the one chosen (issue 13).</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(30);

    /// <summary>Both tables (or one account's rows) read and checked: what `rotation schedule validate` reports.</summary>
    public async Task<ScheduleReport> ReadAsync(string? accountId, CancellationToken cancellationToken)
    {
        var report = await schedule.ReadAllAsync(await accounts.ListAsync(cancellationToken), accountId, cancellationToken);
        var now = time.GetUtcNow();
        var posted = await history.ReadPostedAsync(report.Accounts.Select(a => a.Account.Id), now - RepeatWindow, cancellationToken);
        return Check(report, posted, now);
    }

    /// <summary>
    /// The report with the problems of every step the rule would block for its text and, given what was
    /// <paramref name="posted"/>, a warning for each step of a boundary after <paramref name="now"/> that
    /// would post a text posted less than <see cref="RepeatWindow"/> before that boundary.
    /// </summary>
    public static ScheduleReport Check(ScheduleReport report, IReadOnlyCollection<PostedText>? posted = null, DateTimeOffset? now = null)
    {
        var problems = new List<ScheduleProblem>();
        foreach (var accountSchedule in report.Accounts)
        {
            var account = accountSchedule.Account;
            foreach (var boundary in accountSchedule.Boundaries)
            {
                foreach (var (channel, kind) in account.Channels.SelectMany(c => Enum.GetValues<StepKind>().Select(k => (c, k))))
                {
                    var decision = HandoverStep.Decide(account, boundary, kind, channel, StepRecord.None);
                    var slot = kind == StepKind.Intro ? boundary.Incoming : boundary.Outgoing;
                    if (decision is StepDecision.Blocked blocked)
                    {
                        problems.AddRange(blocked.Blocks.Where(b => b.Kind == StepBlockKind.Text).Select(b =>
                            new ScheduleProblem(Severity.Error, ScheduleProblem.ScheduleTable, account.Id, slot!.RowKey, HandoverStep.Field(kind), b.Message)));
                    }
                    else if (channel == Channel.X && decision is StepDecision.Post linked && (now is null || boundary.At > now) && XPrices.HasLink(linked.Text))
                    {
                        problems.Add(new ScheduleProblem(Severity.Warning, ScheduleProblem.ScheduleTable, account.Id, slot!.RowKey, HandoverStep.Field(kind),
                            $"the {HandoverStep.Name(kind)} contains a link: X bills a post with a link at {Usd(XPrices.PostWithLink)}, about {XPrices.PostWithLink.Usd / XPrices.Post.Usd:0} times a plain post ({Usd(XPrices.Post)}; {XPrices.Source}, read {XPrices.ReadOn}). Leave the link out, or keep it if it is worth that."));
                    }
                    if (channel == Channel.X && decision is StepDecision.Post post && boundary.At > now && Repeated(posted, account.Id, post.Text, boundary.At - RepeatWindow) is { } earlier)
                    {
                        problems.Add(new ScheduleProblem(Severity.Warning, ScheduleProblem.ScheduleTable, account.Id, slot!.RowKey, HandoverStep.Field(kind),
                            $"the {HandoverStep.Name(kind)} would have the same text as the {HandoverStep.Name(earlier.Step)} the account posted on {earlier.At.UtcDateTime:yyyy-MM-dd} (tweet {earlier.TweetId ?? "id not recorded"}); X refuses an exact repeat of a recent post, so the {HandoverStep.Name(kind)} would fail. Change the text."));
                    }
                }
            }
        }
        return report.WithProblems(problems);
    }

    private static string Usd(XPrice price) => "$" + price.Usd.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The latest post of the same text that X would still remember when the step is posted.</summary>
    private static PostedText? Repeated(IReadOnlyCollection<PostedText>? posted, string accountId, string text, DateTimeOffset since) =>
        posted?.Where(p => p.AccountId == accountId && p.Text == text && p.At >= since).MaxBy(p => p.At);
}

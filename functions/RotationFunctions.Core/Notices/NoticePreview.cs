using RotationFunctions.Handover;
using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>
/// What `rotation schedule preview` shows of the notices an account's slots will cause: the same rule
/// (<see cref="NoticeRules.Plan"/>) on the schedule as it is, with every handover ahead assumed to go as planned
/// (intro and outro posted at the boundary), and the same texts (<see cref="NoticeTexts"/>). Nothing is issued or
/// read: the personal link is shown as a placeholder, and the week report's numbers are the week's to fill in.
/// </summary>
public static class NoticePreview
{
    public const string LinkPlaceholder = "(the curator's personal link)";

    /// <summary>The notices due from <paramref name="now"/> to <paramref name="until"/>, in due order.</summary>
    public static IReadOnlyList<(NoticeRecord Notice, IReadOnlyList<string> To, string Language, NoticeContent Content)> For(
        AccountSchedule schedule, DateTimeOffset now, DateTimeOffset until, ScheduleOptions options)
    {
        var account = schedule.Account;
        var handovers = schedule.BoundariesBetween(now, until).ToDictionary(b => b.Key, b => new HandoverRecord
        {
            PartitionKey = account.Id,
            RowKey = b.Key,
            BoundaryAt = b.At,
            Status = HandoverStatus.Done,
            IntroStatus = b.Incoming is null ? StepStatus.Skipped : StepStatus.Posted,
            IntroAt = b.At,
            OutroStatus = b.Outgoing is null ? StepStatus.Skipped : StepStatus.Posted,
            OutroAt = b.At,
            CompletedAt = b.At,
        });
        var slots = schedule.Slots.ToDictionary(s => s.RowKey, StringComparer.Ordinal);
        var result = new List<(NoticeRecord, IReadOnlyList<string>, string, NoticeContent)>();
        foreach (var notice in NoticeRules.Plan(schedule, handovers, new Dictionary<string, NoticeRecord>(), now, until - now, TimeSpan.Zero)
                     .Where(n => n.DueAt <= until).OrderBy(n => n.DueAt))
        {
            var slot = notice.SlotRowKey is { } key ? slots.GetValueOrDefault(key) : null;
            var language = slot is not null && NoticeKind.IsForCurator(notice.Kind) ? CuratorGuidelines.Language(account, slot) : account.Language;
            NoticeContent? content = (notice.Kind, slot) switch
            {
                (NoticeKind.Invitation, { } s) => NoticeTexts.Invitation(language, account, s, CuratorGuidelines.For(account, s), LinkPlaceholder, s.Approved),
                (NoticeKind.Reminder, { } s) => NoticeTexts.Reminder(language, account, s, LinkPlaceholder),
                (NoticeKind.Welcome, { } s) => NoticeTexts.Welcome(language, account, s, LinkPlaceholder),
                (NoticeKind.Thanks, { } s) => NoticeTexts.Thanks(language, account, s, new WeekReport(0) { NotOnX = !account.Channels.Contains(Channel.X) }, account.FeedbackUrl),
                (NoticeKind.NotAccepted, { } s) => NoticeTexts.NotAccepted(language, account, s, CuratorGuidelines.AcceptanceDeadline(s, options)),
                (NoticeKind.DelegateChecklist, _) when notice.BoundaryAt is { } at =>
                    NoticeRules.AtBoundary(schedule, at) is var (leaving, arriving) ? NoticeTexts.DelegateChecklist(language, account, at, leaving, arriving) : null,
                (NoticeKind.ScheduleErrors, _) => NoticeTexts.ScheduleErrors(language, account, [.. schedule.Problems.Where(p => p.IsError)]),
                _ => null,
            };
            if (content is not null)
            {
                IReadOnlyList<string> to = NoticeKind.IsForCurator(notice.Kind) ? [slot?.CuratorEmail ?? "(no CuratorEmail)"] : account.AdminEmails;
                result.Add((notice, to, language, content));
            }
        }
        return result;
    }
}

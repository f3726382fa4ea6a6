using RotationFunctions.Handover;
using RotationFunctions.Portal;
using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>
/// What to tell whom and when, from what a planner tick read: the one rule for which notices exist, when each
/// is due and until when it may go. Pure; whether a planned notice is still needed when it is due (the curator
/// accepted meanwhile) is the processor's to check, on the tables as they are then.
/// </summary>
public static class NoticeRules
{
    public static readonly TimeSpan InvitationBefore = TimeSpan.FromDays(7);
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromDays(3);
    public static readonly TimeSpan ReminderUntilBefore = TimeSpan.FromDays(1);
    public static readonly TimeSpan NotAcceptedBefore = TimeSpan.FromDays(2);
    public static readonly TimeSpan WelcomeWindow = TimeSpan.FromDays(1);
    public static readonly TimeSpan ThanksWindow = TimeSpan.FromDays(3);
    public static readonly TimeSpan AdminWindow = TimeSpan.FromDays(1);

    /// <summary>The delegate checklist goes this long before its handover, so the new curator has access at the start.</summary>
    public static readonly TimeSpan ChecklistBefore = TimeSpan.FromDays(1);

    /// <summary>How far back notices are kept in view: the planner's lookback plus the longest slot (a thank-you keyed by a slot that began long before).</summary>
    public static (string From, string To) KeyRange(DateTimeOffset now, TimeSpan lookback, int maxSlotDays, TimeSpan horizon) =>
        (ScheduleFields.RowKeyOf(DateOnly.FromDateTime((now - lookback).UtcDateTime).AddDays(-maxSlotDays - 1)),
         ScheduleFields.RowKeyOf(DateOnly.FromDateTime((now + horizon).UtcDateTime).AddDays(2)));

    /// <summary>
    /// The notices the account should have by now that <paramref name="existing"/> lacks, each with its due time
    /// and window. A notice first seen after its window is returned all the same, to be recorded missed.
    /// </summary>
    public static IEnumerable<NoticeRecord> Plan(
        AccountSchedule schedule, IReadOnlyDictionary<string, HandoverRecord> handovers, IReadOnlyDictionary<string, NoticeRecord> existing,
        DateTimeOffset now, TimeSpan horizon, TimeSpan lookback)
    {
        var account = schedule.Account;
        var hasAdmins = account.AdminEmails.Count > 0;
        var candidates = new List<NoticeRecord>();
        NoticeRecord Notice(string subject, string kind, DateTimeOffset due, DateTimeOffset windowEnds, string? slot = null, DateTimeOffset? boundary = null) => new()
        {
            PartitionKey = account.Id,
            RowKey = NoticeRecord.Key(subject, kind),
            Kind = kind,
            SlotRowKey = slot,
            BoundaryAt = boundary,
            DueAt = due < now ? now : due,
            WindowEndsAt = windowEnds,
            PlannedAt = now,
        };

        foreach (var slot in schedule.Slots.Where(s => s.StartsAt <= now + horizon && s.StartsAt >= now - lookback - TimeSpan.FromDays(31)))
        {
            var start = slot.StartsAt;
            var tellCurator = slot.CuratorEmail is not null || EmailProblem(schedule, slot) is not null;
            if (tellCurator)
            {
                var invitation = Notice(slot.RowKey, NoticeKind.Invitation, start - InvitationBefore, start, slot.RowKey);
                candidates.Add(invitation);
                // A reminder only when the invitation went days before it: a slot added late gets one mail, not two at once.
                var invitedAt = existing.TryGetValue(invitation.RowKey, out var sent) ? sent.DueAt : invitation.DueAt;
                if (invitedAt <= start - ReminderBefore - TimeSpan.FromDays(1) && !CuratorGuidelines.IsApproved(account, slot))
                {
                    candidates.Add(Notice(slot.RowKey, NoticeKind.Reminder, start - ReminderBefore, start - ReminderUntilBefore, slot.RowKey));
                }
                // After the first intro on any of the handover's channels (an account without X has no X intro to wait for);
                // not before the curator's Bluesky app password is made (or known not to be): the welcome carries it.
                if (handovers.TryGetValue(Key(start), out var arrival) && FirstIntro(arrival) is { } intro && arrival.BlueskyAppPasswordStatus != AccessStatus.Pending)
                {
                    candidates.Add(Notice(slot.RowKey, NoticeKind.Welcome, intro.At ?? now, start + WelcomeWindow, slot.RowKey, start));
                }
                // Once the outro ended on every channel: the week's posts are all made, and an incoming intro that waits for
                // its curator's acceptance (on any channel) does not hold the thanks.
                if (slot.EndsAt is { } end && handovers.TryGetValue(Key(end), out var departure)
                    && (OutrosEnded(departure) is var outros && (outros is not null || HandoverStatus.IsFinal(departure.Status))))
                {
                    candidates.Add(Notice(slot.RowKey, NoticeKind.Thanks, outros?.Select(o => o.At).Max() ?? departure.CompletedAt ?? now, end + ThanksWindow, slot.RowKey, end));
                }
            }
            if (hasAdmins && !CuratorGuidelines.IsApproved(account, slot))
            {
                var due = start - NotAcceptedBefore;
                candidates.Add(Notice(slot.RowKey, NoticeKind.NotAccepted, due, due + AdminWindow, slot.RowKey));
            }
        }

        if (hasAdmins)
        {
            foreach (var handover in handovers.Values.Where(h => h.BoundaryAt >= now - lookback))
            {
                var happened = handover.CompletedAt ?? handover.IntroAt ?? handover.OutroAt ?? handover.BoundaryAt;
                var kinds = new List<string>();
                if (handover.Status == HandoverStatus.Failed)
                {
                    kinds.Add(NoticeKind.HandoverFailed);
                }
                if (handover.Status == HandoverStatus.Missed)
                {
                    kinds.Add(NoticeKind.HandoverMissed);
                }
                if (handover.Status == HandoverStatus.Held)
                {
                    kinds.Add(NoticeKind.HandoverHeld);
                }
                // On any of the handover's channels. An intro skipped though a curator arrives: its curator never accepted
                // the guidelines (the note says so).
                var channels = handover.PostsOn();
                var introWithheld = handover.IncomingRowKey is not null && channels.Any(c => handover.Step(StepKind.Intro, c).Status == StepStatus.Skipped);
                if (introWithheld || channels.Any(c => handover.Step(StepKind.Intro, c).Status == StepStatus.Blocked || handover.Step(StepKind.Outro, c).Status == StepStatus.Blocked))
                {
                    kinds.Add(NoticeKind.HandoverBlocked);
                }
                candidates.AddRange(kinds.Select(kind => Notice(handover.RowKey, kind, happened, happened + AdminWindow, boundary: handover.BoundaryAt)));
            }
            if (SendsDelegateChecklist(account))
            {
                // Every boundary where a curator arrives or leaves; due a day before, and still of use until a day after.
                foreach (var boundary in schedule.Slots.SelectMany(s => s.EndsAt is { } e ? new[] { s.StartsAt, e } : [s.StartsAt]).Distinct()
                             .Where(b => b <= now + horizon && b >= now - lookback))
                {
                    candidates.Add(Notice(Key(boundary), NoticeKind.DelegateChecklist, boundary - ChecklistBefore, boundary + AdminWindow, boundary: boundary));
                }
            }
            if (schedule.Problems.Any(p => p.IsError))
            {
                // One digest a local day, keyed by the date: an error left for a week is told seven times, not 2,016.
                var today = LocalTimes.LocalDate(now, account.TimeZone);
                var tomorrow = LocalTimes.Resolve(today.AddDays(1).ToDateTime(TimeOnly.MinValue), account.TimeZone).Instant;
                candidates.Add(Notice(ScheduleFields.RowKeyOf(today), NoticeKind.ScheduleErrors, now, tomorrow));
            }
            if (account.IsChainBroken && account.TokenStateAt is { } brokenAt && brokenAt >= now - lookback)
            {
                candidates.Add(Notice(Key(brokenAt), NoticeKind.ChainBroken, brokenAt, brokenAt + AdminWindow));
            }
            if (account.XCreditsExhaustedAt is { } unpaidAt && unpaidAt >= now - lookback)
            {
                candidates.Add(Notice(Key(unpaidAt), NoticeKind.CreditsExhausted, unpaidAt, unpaidAt + AdminWindow));
            }
        }
        return candidates.Where(c => !existing.ContainsKey(c.RowKey));
    }

    /// <summary>CuratorAccess X=delegate on an account that posts on X: an account without X has no X delegates to change.</summary>
    public static bool SendsDelegateChecklist(AccountSettings account) => account.XDelegate && account.Channels.Contains(Channel.X);

    /// <summary>The intro that went first on any of the handover's channels (posted, or a dry run); null while none has.</summary>
    private static StepRecord? FirstIntro(HandoverRecord arrival) =>
        arrival.PostsOn().Select(channel => arrival.Step(StepKind.Intro, channel))
            .Where(step => step.Status is StepStatus.Posted or StepStatus.DryRun)
            .MinBy(step => step.At ?? DateTimeOffset.MaxValue);

    /// <summary>The outro steps of every channel of the handover when all have ended; null while one has not.</summary>
    private static IReadOnlyList<StepRecord>? OutrosEnded(HandoverRecord departure)
    {
        var outros = departure.PostsOn().Select(channel => departure.Step(StepKind.Outro, channel)).ToList();
        return outros.All(step => StepStatus.IsFinal(step.Status)) ? outros : null;
    }

    /// <summary>The error that made the slot's CuratorEmail unusable, if any: its notices fail naming the row and the field.</summary>
    public static ScheduleProblem? EmailProblem(AccountSchedule schedule, Slot slot) =>
        schedule.Problems.FirstOrDefault(p => p.IsError && p.RowKey == slot.RowKey && p.Field == ScheduleFields.Slot.CuratorEmail);

    /// <summary>Who leaves and who arrives at a boundary, as the schedule says: the delegate checklist's two lines.</summary>
    public static (Slot? Leaving, Slot? Arriving) AtBoundary(AccountSchedule schedule, DateTimeOffset boundary) =>
        (schedule.Slots.FirstOrDefault(s => s.EndsAt == boundary), schedule.Slots.FirstOrDefault(s => s.StartsAt == boundary));

    private static string Key(DateTimeOffset at) => HandoverMessage.BoundaryKey(at);
}

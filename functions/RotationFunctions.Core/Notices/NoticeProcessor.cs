using System.Security.Cryptography;
using RotationFunctions.Handover;
using RotationFunctions.Notices.Teams;
using RotationFunctions.Portal;
using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>
/// Sends one notice when its message arrives: reads its row, judges it against its window (never sent late),
/// reads the tables as they are now (a curator who accepted meanwhile gets no reminder), claims the row (ETag)
/// and sends once, then records the outcome. E-mail is at least once: a crash between the relay's acceptance
/// and the record sends it again with the same Message-ID; a second delivery of a recorded notice sends nothing.
/// </summary>
public sealed class NoticeProcessor(
    NoticeStore store,
    AccountsTable accounts,
    ScheduleTable schedule,
    HandoverStore handovers,
    WeekReporter weekReports,
    PortalService portal,
    INoticeSender sender,
    TeamsNoticeCards teams,
    WelcomeAppPassword welcomeAppPassword,
    IOptions<NoticeOptions> options,
    IOptions<PortalOptions> portalOptions,
    IOptions<HandoverOptions> handoverOptions,
    TimeProvider time,
    ILogger<NoticeProcessor> logger) : QueueProcessor<NoticeMessage, NoticeOutcome>(() => handoverOptions.Value.MaxDequeueCount)
{
    protected override bool TryParse(string messageText, out NoticeMessage? message, out string? reason) =>
        NoticeMessage.TryParse(messageText, out message, out reason);

    protected override async Task<NoticeOutcome> ParkMalformedAsync(string messageText, string reason, CancellationToken cancellationToken)
    {
        logger.NoticeMalformed(reason);
        await store.SendToPoisonAsync(messageText, cancellationToken);
        return NoticeOutcome.Malformed;
    }

    protected override void AttemptFailed(NoticeMessage message, Exception exception, long attempt) =>
        logger.NoticeAttemptFailed(exception, message.AccountId, message.NoticeId, attempt);

    protected override async Task FailForGoodAsync(NoticeMessage message, Exception e, long attempts)
    {
        logger.NoticeFailedForGood(e, message.AccountId, message.NoticeId, attempts);
        var row = await store.GetAsync(message.AccountId, message.NoticeKey, CancellationToken.None);
        if (row is not null && !NoticeStatus.IsFinal(row.Status))
        {
            row.Status = NoticeStatus.Failed;
            row.Error = $"failed after {attempts} attempts: {e.GetType().Name}: {e.Message}";
            if (await store.TryUpdateAsync(row, CancellationToken.None))
            {
                await teams.ReportFailureAsync(row, row.Error);
            }
        }
    }

    protected override async Task<NoticeOutcome> RunAsync(NoticeMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var notice = await store.GetAsync(message.AccountId, message.NoticeKey, cancellationToken);
        if (notice is null)
        {
            return NoticeOutcome.Gone;
        }
        if (NoticeStatus.IsFinal(notice.Status))
        {
            logger.NoticeAlreadyFinal(notice.NoticeId, notice.Status);
            return NoticeOutcome.AlreadyFinal;
        }
        if (now >= notice.WindowEndsAt && notice.MailSentAt is not null)
        {
            return await EndWithoutCardAsync(notice, notice.Error);
        }
        if (now >= notice.WindowEndsAt)
        {
            var why = $"its window ended at {notice.WindowEndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC and it was delivered at {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
            return await EndAsync(notice, notice.Attempts > 0 ? NoticeStatus.Failed : NoticeStatus.Missed,
                notice.Attempts > 0 ? $"{why}; the last attempt met: {notice.Error}" : why, cancellationToken);
        }
        var dueAt = message.NotBefore is { } notBefore && notBefore > notice.DueAt ? notBefore : notice.DueAt;
        if (dueAt > now)
        {
            return await WaitAsync(message, notice, dueAt, "not due yet", NoticeOutcome.NotYetDue, cancellationToken);
        }
        if (notice.Status == NoticeStatus.Sending && notice.SendingAt is { } began)
        {
            if (began + o.SendClaimTimeout > now)
            {
                return await WaitAsync(message, notice, began + o.SendClaimTimeout, "another worker is sending it", NoticeOutcome.Deferred, cancellationToken);
            }
            logger.NoticeSentAgain(notice.PartitionKey, notice.NoticeId, began);
        }

        var decision = await ComposeAsync(notice, cancellationToken);
        if (decision.Mail is not { } mail)
        {
            return await EndAsync(notice, decision.Status!, decision.Reason!, cancellationToken);
        }

        // The claim: only the delivery whose write lands sends; another one that read the same row loses the ETag race.
        notice.Status = NoticeStatus.Sending;
        notice.SendingAt = now;
        notice.Attempts++;
        notice.Recipients = string.Join(", ", mail.To);
        notice.Subject = mail.Subject;
        notice.MessageId = mail.MessageId;
        if (!await store.TryUpdateAsync(notice, cancellationToken))
        {
            logger.NoticeAlreadyFinal(notice.NoticeId, "claimed by another delivery");
            return NoticeOutcome.AlreadyFinal;
        }
        string? transient = null;
        TimeSpan? retryAfter = null;
        string? mailFailure = null;
        if (notice.MailSentAt is null)
        {
            try
            {
                await sender.SendAsync(mail, cancellationToken);
                notice.MailSentAt = time.GetUtcNow();
                await welcomeAppPassword.SentAsync(notice, CancellationToken.None);
            }
            catch (NoticeSendException e) when (e.Kind == NoticeFailureKind.RecipientRefused)
            {
                mailFailure = $"{decision.RecipientField}: {e.Message}{(e.Recipient is null ? "" : $" for '{e.Recipient}'")}";
            }
            catch (NoticeSendException e) when (e.Kind == NoticeFailureKind.Permanent)
            {
                mailFailure = e.Message;
            }
            catch (NoticeSendException e)
            {
                (transient, retryAfter) = (e.Message, e.RetryAfter);
            }
        }
        // Admin notices also go to the account's Teams webhook, if it has one; the card goes once, like the mail.
        if (await teams.PostAsync(notice, mail, cancellationToken) is { } cardFailure)
        {
            (transient, retryAfter) = (transient ?? cardFailure.Message, NoticeSendException.Longer(retryAfter ?? TimeSpan.Zero, cardFailure.RetryAfter));
        }
        if (mailFailure is not null)
        {
            // Failed for good: the row and NoticeFailed say so, and the account's Teams webhook is told (EndAsync).
            return await EndAsync(notice, NoticeStatus.Failed, mailFailure, CancellationToken.None);
        }
        if (transient is not null)
        {
            return await RetryAsync(message, notice, transient, retryAfter, cancellationToken);
        }
        notice.Status = NoticeStatus.Sent;
        notice.SentAt = time.GetUtcNow();
        notice.Error = null;
        // Not cancelled by a stopping host: the mail went, and the record is what stops it going again.
        await store.TryUpdateAsync(notice, CancellationToken.None);
        logger.NoticeSent(notice.PartitionKey, notice.NoticeId, notice.Kind, mail.To.Count, notice.Attempts);
        return NoticeOutcome.Sent;
    }

    /// <summary>The mail went; only the Teams card did not before the window ended: the notice counts as sent, the row says what the card met.</summary>
    private async Task<NoticeOutcome> EndWithoutCardAsync(NoticeRecord notice, string? error)
    {
        notice.Status = NoticeStatus.Sent;
        notice.SentAt = notice.MailSentAt;
        notice.SendingAt = null;
        notice.Error = $"the Teams webhook did not take the card before the notice's window ended; the last attempt: {error}";
        await store.TryUpdateAsync(notice, CancellationToken.None);
        logger.NoticeFailed(notice.PartitionKey, notice.NoticeId, notice.Kind, notice.Error);
        return NoticeOutcome.Sent;
    }

    /// <summary>The relay is down or busy: give the claim back and come back later, while the window lasts.</summary>
    private async Task<NoticeOutcome> RetryAsync(NoticeMessage message, NoticeRecord notice, string error, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var wait = NoticeSendException.Longer(TimeSpan.FromTicks(Math.Min(o.RetryDelay.Ticks * (1L << Math.Min(notice.Attempts - 1, 20)), o.MaxRetryDelay.Ticks)), retryAfter);
        if (now + wait >= notice.WindowEndsAt && notice.MailSentAt is not null)
        {
            return await EndWithoutCardAsync(notice, error);
        }
        if (now + wait >= notice.WindowEndsAt)
        {
            return await EndAsync(notice, NoticeStatus.Failed,
                $"the mail server did not take it before its window ended ({notice.WindowEndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC) after {notice.Attempts} attempt(s); the last: {error}", CancellationToken.None);
        }
        notice.Status = NoticeStatus.Pending;
        notice.SendingAt = null;
        notice.Error = error;
        if (await store.TryUpdateAsync(notice, CancellationToken.None))
        {
            logger.NoticeDeferred(notice.PartitionKey, notice.NoticeId, notice.Kind, error, wait);
            await store.EnqueueAsync(message with { NotBefore = now + wait }, wait, cancellationToken);
        }
        return NoticeOutcome.Deferred;
    }

    private async Task<NoticeOutcome> WaitAsync(NoticeMessage message, NoticeRecord notice, DateTimeOffset until, string reason, NoticeOutcome outcome, CancellationToken cancellationToken)
    {
        logger.NoticeWaiting(notice.NoticeId, until, reason);
        await store.EnqueueAsync(message with { NotBefore = until }, until - time.GetUtcNow(), cancellationToken);
        return outcome;
    }

    private async Task<NoticeOutcome> EndAsync(NoticeRecord notice, string status, string reason, CancellationToken cancellationToken)
    {
        notice.Status = status;
        notice.Error = reason;
        notice.SendingAt = null;
        if (!await store.TryUpdateAsync(notice, cancellationToken))
        {
            return NoticeOutcome.AlreadyFinal;
        }
        switch (status)
        {
            case NoticeStatus.Missed:
                logger.NoticeMissed(notice.PartitionKey, notice.NoticeId, notice.Kind, reason);
                return NoticeOutcome.Missed;
            case NoticeStatus.Skipped:
                logger.NoticeSkipped(notice.PartitionKey, notice.NoticeId, notice.Kind, reason);
                return NoticeOutcome.Skipped;
            default:
                logger.NoticeFailed(notice.PartitionKey, notice.NoticeId, notice.Kind, reason);
                if (notice.Attempts > 0)
                {
                    await teams.ReportFailureAsync(notice, reason);
                }
                return NoticeOutcome.Failed;
        }
    }

    /// <summary>What the notice says now, to whom; or why it is not sent (skipped) or cannot be (failed).</summary>
    private sealed record Decision(NoticeMail? Mail, string? RecipientField, string? Status = null, string? Reason = null)
    {
        public static Decision Skip(string reason) => new(null, null, NoticeStatus.Skipped, reason);
        public static Decision Fail(string reason) => new(null, null, NoticeStatus.Failed, reason);
    }

    private async Task<Decision> ComposeAsync(NoticeRecord notice, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(notice.PartitionKey, cancellationToken);
        if (account is null)
        {
            return Decision.Skip($"the account '{notice.PartitionKey}' no longer exists");
        }
        Slot? slot = null;
        if (notice.SlotRowKey is { } slotKey)
        {
            (slot, var timeline) = await schedule.ReadSlotAsync(account, slotKey, cancellationToken);
            if (slot is null)
            {
                return Decision.Skip($"schedule row {slotKey} is no longer in the schedule");
            }
            if (NoticeKind.IsForCurator(notice.Kind) && slot.CuratorEmail is null)
            {
                return NoticeRules.EmailProblem(timeline!, slot) is { } problem
                    ? Decision.Fail($"schedule row {slot.RowKey}, field {ScheduleFields.Slot.CuratorEmail}: {problem.Message}")
                    : Decision.Skip($"schedule row {slot.RowKey} has no {ScheduleFields.Slot.CuratorEmail} any more");
            }
        }
        if (NoticeKind.IsForCurator(notice.Kind))
        {
            return await CuratorMailAsync(notice, account, slot!, cancellationToken);
        }
        if (account.AdminEmails.Count == 0)
        {
            return Decision.Skip($"account {account.Id} has no {ScheduleFields.Account.AdminEmails} any more");
        }
        NoticeContent content;
        switch (notice.Kind)
        {
            case NoticeKind.NotAccepted:
                if (CuratorGuidelines.IsApproved(account, slot!))
                {
                    return Decision.Skip($"{slot!.CuratorName} accepted the guidelines, or was approved, before it was due");
                }
                content = NoticeTexts.NotAccepted(account.Language, account, slot!, CuratorGuidelines.AcceptanceDeadline(slot!, schedule.Options));
                break;
            case NoticeKind.ChainBroken:
                content = NoticeTexts.ChainBroken(account.Language, account);
                break;
            case NoticeKind.CreditsExhausted:
                content = NoticeTexts.CreditsExhausted(account.Language, account);
                break;
            case NoticeKind.ScheduleErrors:
                var now = time.GetUtcNow();
                var errors = (await schedule.ReadWindowAsync(account, now - handoverOptions.Value.MissedLookback, now + options.Value.Horizon, cancellationToken))
                    .Problems.Where(p => p.IsError).ToList();
                if (errors.Count == 0)
                {
                    return Decision.Skip("the schedule has no errors any more");
                }
                content = NoticeTexts.ScheduleErrors(account.Language, account, errors);
                break;
            case NoticeKind.DelegateChecklist:
                var at = notice.BoundaryAt ?? throw new InvalidOperationException($"Notice {notice.NoticeId} has no BoundaryAt.");
                var (leaving, arriving) = NoticeRules.AtBoundary(await schedule.ReadAroundAsync(account, at, cancellationToken), at);
                if (!NoticeRules.SendsDelegateChecklist(account) || (leaving is null && arriving is null))
                {
                    return Decision.Skip($"account {account.Id} no longer has CuratorAccess = delegate on X, or no curator arrives or leaves at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
                }
                content = NoticeTexts.DelegateChecklist(account.Language, account, at, leaving, arriving);
                break;
            default:
                var boundary = notice.BoundaryAt ?? throw new InvalidOperationException($"Notice {notice.NoticeId} has no BoundaryAt.");
                var record = await handovers.GetAsync(account.Id, HandoverMessage.BoundaryKey(boundary), cancellationToken);
                content = NoticeTexts.Handover(account.Language, account, notice.Kind, boundary, record);
                break;
        }
        return new Decision(Mail(notice, account.AdminEmails, account.Language, content), $"{ScheduleFields.Account.AdminEmails} of account {account.Id}");
    }

    private async Task<Decision> CuratorMailAsync(NoticeRecord notice, AccountSettings account, Slot slot, CancellationToken cancellationToken)
    {
        var language = CuratorGuidelines.Language(account, slot);
        NoticeContent content;
        switch (notice.Kind)
        {
            case NoticeKind.Invitation:
                content = NoticeTexts.Invitation(language, account, slot, CuratorGuidelines.For(account, slot), await LinkAsync(account, slot, cancellationToken), slot.Approved);
                break;
            case NoticeKind.Reminder:
                if (CuratorGuidelines.IsApproved(account, slot))
                {
                    return Decision.Skip($"{slot.CuratorName} accepted the guidelines, or was approved, before the reminder was due");
                }
                content = NoticeTexts.Reminder(language, account, slot, await LinkAsync(account, slot, cancellationToken));
                break;
            case NoticeKind.Welcome:
                content = await welcomeAppPassword.AddAsync(NoticeTexts.Welcome(language, account, slot, await LinkAsync(account, slot, cancellationToken)), language, account, slot, cancellationToken);
                break;
            default:
                content = NoticeTexts.Thanks(language, account, slot, await weekReports.BuildAsync(account, slot, cancellationToken), account.FeedbackUrl);
                break;
        }
        return new Decision(Mail(notice, [slot.CuratorEmail!], language, content), $"schedule row {slot.RowKey}, field {ScheduleFields.Slot.CuratorEmail}");
    }

    /// <summary>The curator's personal link (issued once per slot and derived again for every mail, so every mail carries the same). A credential: never logged.</summary>
    private async Task<string> LinkAsync(AccountSettings account, Slot slot, CancellationToken cancellationToken)
    {
        var link = await portal.IssueAsync(account.Id, slot.RowKey, renew: false, cancellationToken)
            ?? throw new InvalidOperationException($"Schedule row {slot.RowKey} of account {account.Id} vanished while its notice was composed.");
        return link.Url(portalOptions.Value.PublicBaseUrl);
    }

    private NoticeMail Mail(NoticeRecord notice, IReadOnlyList<string> to, string language, NoticeContent content) =>
        new(notice.Kind, to, content.Subject, content.Text(), content.Html(language), language, MessageId(notice));

    /// <summary>The same for every attempt of a notice, and only for it: a repeated send shows as one message in a mail client.</summary>
    private string MessageId(NoticeRecord notice)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{notice.PartitionKey}|{notice.RowKey}")))[..24];
        var domain = options.Value.From is { } from && from.IndexOf('@') is var at and > 0 ? from[(at + 1)..] : "rotation.invalid";
        return $"notice.{hash}@{domain}";
    }
}

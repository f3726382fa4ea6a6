using RotationFunctions.Schedule;

namespace RotationFunctions.Notices.Teams;

/// <summary>
/// The admins' Teams side of a notice: an admin notice's card beside its e-mail (once, like the mail), and an admin
/// e-mail that failed for good told on the account's webhook. Curator notices never go to Teams: the webhook is the
/// admins' channel, and a curator's mail may carry a personal link.
/// </summary>
public sealed class TeamsNoticeCards(TeamsWebhookClient teams, AccountsTable accounts, ILogger<TeamsNoticeCards> logger)
{
    /// <summary>
    /// Posts an admin notice's card, unless it was tried already (<see cref="NoticeRecord.TeamsStatus"/> says what became
    /// of it). Returns the transient failure to retry the notice for; null when there is nothing to retry.
    /// </summary>
    public async Task<NoticeSendException?> PostAsync(NoticeRecord notice, NoticeMail mail, CancellationToken cancellationToken)
    {
        if (NoticeKind.IsForCurator(notice.Kind) || notice.TeamsStatus is not null)
        {
            return null;
        }
        try
        {
            var posted = await teams.PostAsync(notice.PartitionKey, mail.Subject, mail.Text, cancellationToken);
            notice.TeamsStatus = posted.ToString();
            if (posted == TeamsPost.Posted)
            {
                logger.NoticePostedToTeams(notice.PartitionKey, notice.NoticeId, notice.Kind);
            }
            return null;
        }
        catch (NoticeSendException e)
        {
            return e;
        }
    }

    /// <summary>
    /// An admin notice whose e-mail failed for good is told on the account's Teams webhook, if it has one: once, best
    /// effort (the row and NoticeFailed already say it), in the account's language like its e-mails. Nothing when the
    /// mail went and only the card failed.
    /// </summary>
    public async Task ReportFailureAsync(NoticeRecord notice, string reason)
    {
        // Not again to a webhook that refused this notice's card (reported once) or an account without one.
        if (NoticeKind.IsForCurator(notice.Kind) || notice.MailSentAt is not null
            || notice.TeamsStatus is nameof(TeamsPost.Refused) or nameof(TeamsPost.NoWebhook))
        {
            return;
        }
        try
        {
            var card = NoticeTexts.MailFailed(await LanguageAsync(notice.PartitionKey), notice, reason);
            if (await teams.PostAsync(notice.PartitionKey, card.Subject, card.Text(), CancellationToken.None) == TeamsPost.Posted)
            {
                logger.NoticeFailureReportedOnTeams(notice.PartitionKey, notice.NoticeId, notice.Kind);
            }
        }
        catch (NoticeSendException e)
        {
            logger.TeamsReportFailed(notice.PartitionKey, notice.NoticeId, e.Message);
        }
    }

    /// <summary>The account's language; English when its row cannot be read now: the report is of more use in either language than not at all.</summary>
    private async Task<string> LanguageAsync(string accountId)
    {
        try
        {
            return (await accounts.GetAsync(accountId, CancellationToken.None))?.Language ?? "en";
        }
        catch (RequestFailedException)
        {
            return "en";
        }
    }
}

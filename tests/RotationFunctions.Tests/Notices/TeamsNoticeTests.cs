using RotationFunctions.Notices;
using RotationFunctions.StandIns.Common;
using RotationFunctions.StandIns.Teams;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// Admin notices on the account's Teams Workflows webhook (its URL the Key Vault secret teams-webhook-sos), read back
/// from the Teams stand-in: the card beside the e-mail, nothing without the secret, a deleted workflow reported once
/// with the URL nowhere, an outage retried without a second mail, and an e-mail failing for good told on Teams in the
/// account's language (sv or en), like the e-mails.
/// The admin notice is the schedule-errors digest: due at once when the schedule has an error.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed class TeamsNoticeTests(AzuriteFixture azurite)
{
    private const string DigestSubject = "Schemat för @Sodersjukhuset har 1 fel";

    [Fact]
    public async Task An_admin_notice_reaches_the_accounts_Teams_webhook_as_an_adaptive_card_beside_the_email()
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: true);

        await env.TickAsync();

        var card = Assert.Single(env.Teams!.Cards);
        Assert.Equal(NoticeEnvironment.TeamsWorkflow, card.WorkflowId);
        Assert.Equal(DigestSubject, card.Title);
        Assert.Contains("rad 2027-01-06, CuratorHandle:", card.Text);
        var attachment = card.Message["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(("AdaptiveCard", "1.4"), (attachment["content"]!["type"]!.GetValue<string>(), attachment["content"]!["version"]!.GetValue<string>()));
        Assert.Equal([202], env.Teams.Answers);
        Assert.Single(env.MailsOfKind(NoticeKind.ScheduleErrors));
        var row = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal((NoticeStatus.Sent, "Posted"), (row.Status, row.TeamsStatus));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticePostedToTeams");
        // Curator notices never go to Teams: the two invitations went by e-mail only.
        Assert.Single(env.MailsOfKind(NoticeKind.Invitation), m => m.EnvelopeTo.Contains("bo@example.se"));
    }

    [Fact]
    public async Task An_account_without_the_webhook_secret_posts_nothing_and_logs_no_problem()
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: false);

        await env.TickAsync();

        Assert.Empty(env.Teams!.Answers);
        Assert.Single(env.MailsOfKind(NoticeKind.ScheduleErrors));
        var row = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal((NoticeStatus.Sent, "NoWebhook", null), (row.Status, row.TeamsStatus, row.Error));
        Assert.DoesNotContain(env.Logs.GetSnapshot(), r => r.Id.Name?.StartsWith("Teams", StringComparison.Ordinal) == true || r.Id.Name == "NoticeFailed");
    }

    [Fact]
    public async Task A_deleted_workflow_404_is_reported_once_naming_the_account_and_status_and_the_url_appears_nowhere()
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: true);
        env.Teams!.DeleteWebhook(NoticeEnvironment.TeamsWorkflow);

        await env.TickAsync();
        env.Time.Advance(TimeSpan.FromMinutes(5));
        await env.DrainAsync();

        Assert.Equal([404], env.Teams.Answers);
        Assert.Empty(env.Teams.Cards);
        Assert.Single(env.MailsOfKind(NoticeKind.ScheduleErrors));
        var row = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal((NoticeStatus.Sent, "Refused", 1), (row.Status, row.TeamsStatus, row.Attempts));
        var refused = Assert.Single(env.Logs.GetSnapshot(), r => r.Id.Name == "TeamsWebhookRefused");
        Assert.Equal(6021, refused.Id.Id);
        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Equal("sos", refused.GetStructuredStateValue("AccountId"));
        Assert.Equal("404", refused.GetStructuredStateValue("StatusCode"));
        AssertUrlNowhere(env, row);
    }

    [Fact]
    public async Task A_503_is_retried_within_the_window_and_the_card_is_posted_once_without_a_second_mail()
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: true);
        env.Teams!.InjectFault(Fault.ServiceUnavailable());

        await env.TickAsync();
        var waiting = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal(NoticeStatus.Pending, waiting.Status);
        Assert.Contains("the Teams webhook of account sos answered 503 ServiceUnavailable", waiting.Error);
        Assert.NotNull(waiting.MailSentAt);

        env.Time.Advance(TimeSpan.FromSeconds(31));
        await env.DrainAsync();

        Assert.Equal([503, 202], env.Teams.Answers);
        Assert.Equal(DigestSubject, Assert.Single(env.Teams.Cards).Title);
        Assert.Single(env.MailsOfKind(NoticeKind.ScheduleErrors));
        var sent = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal((NoticeStatus.Sent, "Posted", 2, null), (sent.Status, sent.TeamsStatus, sent.Attempts, sent.Error));
        AssertUrlNowhere(env, sent);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_not_posted_again_before_the_webhook_said_and_then_once()
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: true);
        env.Teams!.InjectFault(Fault.TooManyRequests(TimeSpan.FromMinutes(10)));

        await env.TickAsync();
        var waiting = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal(NoticeStatus.Pending, waiting.Status);
        Assert.Contains("429", waiting.Error);

        // The notices' own back-off (30 s) is shorter than what the workflow asked for: its word wins.
        env.Time.Advance(TimeSpan.FromMinutes(5));
        await env.DrainAsync();
        Assert.Equal([429], env.Teams.Answers);

        env.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await env.DrainAsync();
        Assert.Equal([429, 202], env.Teams.Answers);
        Assert.Single(env.Teams.Cards);
        Assert.Single(env.MailsOfKind(NoticeKind.ScheduleErrors));
    }

    [Theory]
    [InlineData("sv", DigestSubject, "E-postnotisen kunde inte skickas: ", "E-postnotisen sos/", "till administratörerna för kontot sos kunde inte skickas och skickas inte igen.", "Varför: AdminEmails of account sos")]
    [InlineData("en", "The schedule of @Sodersjukhuset has 1 error", "Notice e-mail failed: ", "The e-mail notice sos/", "to the admins of account sos could not be sent and is not retried.", "Why: AdminEmails of account sos")]
    public async Task An_email_to_the_admins_that_fails_for_good_is_reported_on_Teams_in_the_accounts_language(
        string language, string subject, string titlePrefix, string opening, string sentence, string why)
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: true, language);
        env.Smtp.Refuse(NoticeEnvironment.Admin);

        await env.TickAsync();

        Assert.Empty(env.MailsOfKind(NoticeKind.ScheduleErrors));
        var row = Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors);
        Assert.Equal(NoticeStatus.Failed, row.Status);
        Assert.Equal(2, env.Teams!.Cards.Count);
        Assert.Equal(subject, env.Teams.Cards[0].Title);
        var report = env.Teams.Cards[1];
        Assert.Equal(titlePrefix + subject, report.Title);
        Assert.StartsWith(opening, report.Text, StringComparison.Ordinal);
        Assert.Contains(sentence, report.Text);
        Assert.Contains(why, report.Text);
        Assert.Contains(NoticeEnvironment.Admin, report.Text);
        // Only the account's language: no sentence of the other one.
        Assert.DoesNotContain(language == "sv" ? "could not be sent" : "kunde inte", report.Text + report.Title);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticeFailed");
        var reported = Assert.Single(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticeFailureReportedOnTeams");
        Assert.Equal(6023, reported.Id.Id);
        AssertUrlNowhere(env, row);
    }

    [Fact]
    public async Task A_failed_email_is_not_reported_again_to_a_webhook_that_refused_the_notices_card()
    {
        await using var env = await StartWithScheduleErrorAsync(teamsSecret: true);
        env.Smtp.Refuse(NoticeEnvironment.Admin);
        env.Teams!.DeleteWebhook(NoticeEnvironment.TeamsWorkflow);

        await env.TickAsync();

        Assert.Equal([404], env.Teams.Answers);
        Assert.Single(env.Logs.GetSnapshot(), r => r.Id.Name == "TeamsWebhookRefused");
        Assert.Equal(NoticeStatus.Failed, Assert.Single(await env.NoticesAsync(), n => n.Kind == NoticeKind.ScheduleErrors).Status);
    }

    [Theory]
    [InlineData("teams_webhook_")]
    [InlineData("")]
    public void A_teams_secret_prefix_that_cannot_name_a_secret_stops_the_host_at_start(string prefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notices:Sender"] = "Smtp",
            ["Notices:From"] = "rotation@sodersjukhuset.se",
            ["Notices:Smtp:Host"] = "127.0.0.1",
            ["Notices:Teams:SecretPrefix"] = prefix,
            ["Portal:PublicBaseUrl"] = "https://func-rotation.azurewebsites.net/",
        };
        using var services = new ServiceCollection().AddNotices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NoticeOptions>>().Value);

        Assert.Contains("Notices:Teams:SecretPrefix", e.Message);
    }

    private async Task<NoticeEnvironment> StartWithScheduleErrorAsync(bool teamsSecret, string language = "sv")
    {
        var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-3), a => a["Language"] = language, teams: true, teamsSecret: teamsSecret);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        // A handle with a space: the schedule has an error, so the digest is due at once.
        await env.AddSlotAsync("2027-01-06", "Bo Ek", "bo ek", "bo@example.se", approved: true);
        return env;
    }

    /// <summary>The webhook URL is a credential: neither its signature nor its path may be in a log, an exception or the row.</summary>
    private static void AssertUrlNowhere(NoticeEnvironment env, NoticeRecord row)
    {
        var url = env.TeamsWebhook!;
        var signature = System.Web.HttpUtility.ParseQueryString(url.Query)["sig"]!;
        string[] secrets = [signature, url.AbsolutePath, url.ToString()];
        foreach (var record in env.Logs.GetSnapshot())
        {
            var said = $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState?.Select(p => p.Value) ?? [])}";
            Assert.DoesNotContain(secrets, s => said.Contains(s, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(secrets, s => (row.Error ?? "").Contains(s, StringComparison.Ordinal));
    }
}

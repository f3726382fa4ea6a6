using RotationFunctions.Notices;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// Notices through Azure Communication Services Email (the production sender) on its stand-in: the managed identity's
/// bearer token, both parts, a repeated send that the service runs once, throttling and an outage retried within the
/// window, and an identity without a role failing the notice with a reason an admin can act on.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed class AcsNoticeTests(AzuriteFixture azurite)
{

    [Fact]
    public async Task The_invitation_leaves_through_ACS_with_both_parts_its_kind_and_language_and_nothing_through_SMTP()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6), acs: true);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se");

        await env.TickAsync();

        var mail = Assert.Single(env.MailsTo("anna@example.se"));
        Assert.Equal("rotation@sodersjukhuset.se", mail.EnvelopeFrom);
        Assert.Equal(NoticeKind.Invitation, mail.Message.Headers[NoticeMail.KindHeader]);
        Assert.Equal("sv", mail.Language);
        Assert.Equal("Välkommen som kurator för @Sodersjukhuset måndag 4 januari 2027 kl. 08:00", mail.Subject);
        Assert.Contains("Hej Anna Svensson!", mail.TextBody);
        Assert.Contains("<html lang=\"sv\">", mail.HtmlBody);
        Assert.Empty(env.Smtp.Messages);
        Assert.Equal([202], env.Acs!.SendAnswers);
        var row = await env.NoticeAsync(NoticeEnvironment.AnnasInvitation);
        Assert.Equal((NoticeStatus.Sent, 1), (row!.Status, row.Attempts));
    }

    [Fact]
    public async Task A_worker_that_died_after_ACS_took_the_mail_sends_again_with_the_same_operation_and_the_curator_gets_one_mail()
    {
        // Over SMTP this crash window sends a counted duplicate; ACS's repeatable send closes it.
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6), acs: true);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        var message = await env.PlanAndTakeMessageAsync(NoticeEnvironment.AnnasInvitation);
        Assert.Equal(NoticeOutcome.Sent, await env.Processor.HandleAsync(message, 1, default));
        var row = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        row.Status = NoticeStatus.Sending;
        row.SendingAt = env.Time.GetUtcNow();
        // MailSentAt is written with the record that never landed.
        (row.MailSentAt, row.SentAt) = (null, null);
        await env.NoticesTable.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        env.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(NoticeOutcome.Sent, await env.Processor.HandleAsync(message, 2, default));

        Assert.Equal([202, 202], env.Acs!.SendAnswers);
        Assert.Single(env.MailsTo("anna@example.se"));
        Assert.Equal(NoticeStatus.Sent, (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!.Status);
    }

    [Fact]
    public async Task Throttling_and_an_outage_are_retried_within_the_window_and_the_notice_goes_once_ACS_takes_it()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6), acs: true);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        env.Acs!.PerMinuteLimit = 0;

        await env.TickAsync();
        var throttled = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal(NoticeStatus.Pending, throttled.Status);
        Assert.Contains("429 TooManyRequests", throttled.Error);

        env.Acs.PerMinuteLimit = 30;
        env.Acs.Unavailable = true;
        // ACS's 429 said when its minute ends (Retry-After); the notices' 30 s back-off does not ask sooner.
        env.Time.Advance(TimeSpan.FromSeconds(31));
        await env.DrainAsync();
        Assert.Equal([429], env.Acs.SendAnswers);
        env.Time.Advance(TimeSpan.FromSeconds(30));
        await env.DrainAsync();
        Assert.Contains("503 ServiceUnavailable", (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!.Error);

        env.Acs.Unavailable = false;
        env.Time.Advance(TimeSpan.FromMinutes(2));
        await env.DrainAsync();

        Assert.Single(env.MailsTo("anna@example.se"));
        Assert.Equal([429, 503, 202], env.Acs.SendAnswers);
        var sent = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal((NoticeStatus.Sent, 3, null), (sent.Status, sent.Attempts, sent.Error));
    }

    [Fact]
    public async Task An_identity_without_a_role_on_ACS_fails_the_notice_once_with_what_to_fix_and_no_token_anywhere()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6), acs: true);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        env.Acs!.RefuseIdentity = true;

        await env.TickAsync();
        env.Time.Advance(TimeSpan.FromMinutes(5));
        await env.DrainAsync();

        var row = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal(NoticeStatus.Failed, row.Status);
        Assert.Contains("refused the app's identity (401 Unauthorized", row.Error);
        Assert.Contains("needs a role that may send mail", row.Error);
        Assert.Equal([401], env.Acs.SendAnswers);
        Assert.Empty(env.Acs.Messages);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticeFailed");
        Assert.DoesNotContain(env.Logs.GetSnapshot(), r => r.Message.Contains("stand-in-access-token", StringComparison.Ordinal)
            || (r.Exception?.ToString().Contains("stand-in-access-token", StringComparison.Ordinal) ?? false));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://acs-rotation.europe.communication.azure.com/")]
    [InlineData("acs-rotation")]
    public void Sending_through_ACS_without_its_https_endpoint_stops_the_host_at_start_naming_the_setting(string? endpoint)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notices:Sender"] = "Acs",
            ["Notices:From"] = "rotation@sodersjukhuset.se",
            ["Notices:Acs:Endpoint"] = endpoint,
            ["Portal:PublicBaseUrl"] = "https://func-rotation.azurewebsites.net/",
        };
        using var services = new ServiceCollection().AddNotices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NoticeOptions>>().Value);

        Assert.Contains("Notices:Acs:Endpoint must be the Communication Services resource's https endpoint", e.Message);
    }
}

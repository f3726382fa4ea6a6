using System.Text.RegularExpressions;
using RotationFunctions.Notices;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// Each notice kind, read back from a real SMTP server: recipient, subject, language, the text and the HTML
/// part; the invitation's link followed in a real browser to the accept page.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed partial class NoticeDeliveryTests(AzuriteFixture azurite, BrowserFixture browser)
{

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/api/portal/l/[^\s""<]+")]
    private static partial Regex PortalLink();

    [Fact]
    public async Task The_invitation_arrives_in_Swedish_with_the_guidelines_and_a_personal_link_that_opens_the_accept_page()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-7).AddHours(1));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", edit: s => s["Role"] = "sjuksköterska på <akuten> & \"IVA\"");

        await env.TickAsync();

        var mail = Assert.Single(env.MailsTo("anna@example.se"));
        Assert.Equal(NoticeKind.Invitation, mail.Message.Headers[NoticeMail.KindHeader]);
        Assert.Equal(["anna@example.se"], mail.To);
        Assert.Equal("sv", mail.Language);
        Assert.Equal("Välkommen som kurator för @Sodersjukhuset måndag 4 januari 2027 kl. 08:00", mail.Subject);
        Assert.EndsWith("@sodersjukhuset.se", mail.MessageId);
        var text = mail.TextBody!;
        Assert.Contains("Hej Anna Svensson!", text);
        Assert.Contains("- Du talar för din egen roll, inte för organisationen.", text);
        Assert.Contains("godkänn dem på din personliga sida", text);
        var link = PortalLink().Match(text).Value;
        Assert.NotEmpty(link);
        // The HTML part says the same, every value encoded: the role cannot become markup.
        var html = mail.HtmlBody!;
        Assert.Contains("<html lang=\"sv\">", html);
        Assert.Contains("sjuksköterska på &lt;akuten&gt; &amp; &quot;IVA&quot;", html);
        Assert.DoesNotContain("<akuten>", html);
        Assert.Contains($"<a href=\"{link}\">Din personliga sida</a>", html);
        Assert.Contains("<li>Du talar för din egen roll, inte för organisationen.</li>", html);
        var row = await env.NoticeAsync("2027-01-04|invitation");
        Assert.Equal((NoticeStatus.Sent, "anna@example.se", mail.MessageId, 1), (row!.Status, row.Recipients, row.MessageId, row.Attempts));

        // The link is the portal's: the curator opens it and accepts.
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Contains("Anna Svensson", await page.TextContentAsync("h1"));
        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#accepted");
        var slot = (await env.ScheduleTable.GetEntityAsync<TableEntity>("sos", "2027-01-04")).Value;
        Assert.Equal(env.Time.GetUtcNow(), slot.GetDateTimeOffset("AcceptedAt"));

        // The link is a credential: no log has it.
        var token = link[(link.LastIndexOf('/') + 1)..];
        Assert.DoesNotContain(env.Logs.GetSnapshot(), r => r.Message.Contains(token, StringComparison.Ordinal) || (r.Exception?.ToString().Contains(token, StringComparison.Ordinal) ?? false));

        // Accepted: the reminder and the admins' notice that were planned are not sent when they fall due.
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddHours(-1));
        Assert.Single(env.MailsTo("anna@example.se"));
        Assert.Empty(env.MailsTo(NoticeEnvironment.Admin));
        Assert.Equal(NoticeStatus.Skipped, (await env.NoticeAsync("2027-01-04|reminder"))!.Status);
        Assert.Equal(NoticeStatus.Skipped, (await env.NoticeAsync("2027-01-04|not-accepted"))!.Status);
    }

    [Fact]
    public async Task A_curator_who_never_accepts_gets_a_reminder_the_admins_are_told_twice_and_one_approved_by_hand_is_invited_in_English()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-7).AddHours(1));
        await env.AddSlotAsync("2027-01-04", "Karin Ek", "karin_forskar", "karin@example.se");
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true, edit: s => s["Language"] = "en");

        // Her intro waits a day into her week for an acceptance that never comes.
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(1).AddHours(2));

        var karin = env.MailsTo("karin@example.se");
        Assert.Equal([NoticeKind.Invitation, NoticeKind.Reminder], karin.Select(m => m.Message.Headers[NoticeMail.KindHeader]));
        var reminder = karin[1];
        Assert.Equal("Påminnelse: godkänn riktlinjerna för @Sodersjukhuset", reminder.Subject);
        Assert.Equal("sv", reminder.Language);
        Assert.Contains("har inte godkänt riktlinjerna än", reminder.TextBody);
        Assert.Contains("har inte godkänt riktlinjerna än", reminder.HtmlBody);
        Assert.Equal(PortalLink().Match(karin[0].TextBody!).Value, PortalLink().Match(reminder.TextBody!).Value);

        var admins = env.MailsTo(NoticeEnvironment.Admin);
        Assert.Equal([NoticeKind.NotAccepted, NoticeKind.HandoverBlocked], admins.Select(m => m.Message.Headers[NoticeMail.KindHeader]));
        Assert.Equal("Karin Ek har inte godkänt riktlinjerna (@Sodersjukhuset)", admins[0].Subject);
        Assert.Contains("Approved = true på schemaraden 2027-01-04", admins[0].TextBody);
        Assert.Equal("Överlämningen måndag 4 januari 2027 kl. 08:00 på @Sodersjukhuset publicerade inte allt", admins[1].Subject);
        Assert.Contains("Karin Ek (row 2027-01-04) did not accept the curator guidelines within 24 h of the start", admins[1].TextBody);
        Assert.Contains("<p>", admins[1].HtmlBody);

        // Approved by hand: invited all the same (as information), in the slot's language, and never reminded.
        var ahmed = Assert.Single(env.MailsTo("ahmed@example.se"));
        Assert.Equal(NoticeKind.Invitation, ahmed.Message.Headers[NoticeMail.KindHeader]);
        Assert.Equal("en", ahmed.Language);
        Assert.Equal("You are curating @Sodersjukhuset from Monday 11 January 2027, 08:00", ahmed.Subject);
        Assert.Contains("An administrator has already approved you", ahmed.TextBody);
        Assert.Contains("<html lang=\"en\">", ahmed.HtmlBody);
        Assert.Null(await env.NoticeAsync("2027-01-11|reminder"));
    }

    [Fact]
    public async Task The_welcome_follows_the_intro_and_the_thanks_the_outro_with_the_weeks_post_count_and_the_feedback_link()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-1), a => a["FeedbackUrl"] = "https://forms.example.se/vecka?a=1&b=2");
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true);

        await env.RunUntilAsync(NoticeEnvironment.Monday.AddHours(1), TimeSpan.FromHours(1));

        var welcome = env.MailsTo("anna@example.se").Single(m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Welcome);
        Assert.Equal("Nu är det din tur på @Sodersjukhuset", welcome.Subject);
        Assert.Contains("Ditt intro är publicerat", welcome.TextBody);
        Assert.Matches(PortalLink(), welcome.HtmlBody!);
        Assert.Single(env.X.GetTweets(Handover.PipelineEnvironment.UserId));

        // One post from the portal during the week.
        await env.PostsTable.AddEntityAsync(new TableEntity("sos", Guid.NewGuid().ToString("N"))
        {
            ["Slot"] = "2027-01-04", ["Status"] = PostStatus.Posted, ["Text"] = "Hej från akuten", ["TweetId"] = "1", ["ClaimedAt"] = NoticeEnvironment.Monday.AddDays(2),
        });
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(7).AddHours(-1), TimeSpan.FromHours(6));
        // The planner's next tick after the handover (every 5 minutes in production) plans the thanks.
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(7).AddMinutes(10), TimeSpan.FromMinutes(5));

        var thanks = env.MailsTo("anna@example.se").Single(m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Thanks);
        Assert.Equal("Tack för din vecka på @Sodersjukhuset", thanks.Subject);
        Assert.Equal("sv", thanks.Language);
        Assert.Contains("3 inlägg publicerades", thanks.TextBody);
        Assert.Contains("https://forms.example.se/vecka?a=1&b=2", thanks.TextBody);
        Assert.Contains("<a href=\"https://forms.example.se/vecka?a=1&amp;b=2\">", thanks.HtmlBody);
        Assert.Single(env.MailsTo("ahmed@example.se"), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Welcome);
        // A portal account (the default CuratorAccess) has no delegates to change.
        Assert.Empty(env.MailsOfKind(NoticeKind.DelegateChecklist));
        // Every notice went once: no kind twice to anyone.
        Assert.Equal(env.Smtp.Messages.Count, env.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }
}

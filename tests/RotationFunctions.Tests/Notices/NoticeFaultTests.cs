using RotationFunctions.Notices;

namespace RotationFunctions.Tests.Notices;

/// <summary>One send per notice row, a bad address that fails only its own row, a relay outage within and past the window.</summary>
[Collection(NoticeCollection.Name)]
public sealed class NoticeFaultTests(AzuriteFixture azurite)
{

    [Fact]
    public async Task Two_deliveries_of_one_notice_at_once_and_one_after_send_one_mail()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        var message = await env.PlanAndTakeMessageAsync(NoticeEnvironment.AnnasInvitation);

        var both = await Task.WhenAll(env.Processor.HandleAsync(message, 1, default), env.Processor.HandleAsync(message, 2, default));
        var again = await env.Processor.HandleAsync(message, 3, default);
        await env.DrainAsync();

        Assert.Contains(NoticeOutcome.Sent, both);
        Assert.Equal(NoticeOutcome.AlreadyFinal, again);
        Assert.Single(env.MailsTo("anna@example.se"));
        var row = await env.NoticeAsync(NoticeEnvironment.AnnasInvitation);
        Assert.Equal((NoticeStatus.Sent, 1), (row!.Status, row.Attempts));
    }

    [Fact]
    public async Task A_worker_that_died_after_its_claim_is_followed_by_one_more_send_with_the_same_Message_ID_and_no_more()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        var message = await env.PlanAndTakeMessageAsync(NoticeEnvironment.AnnasInvitation);
        Assert.Equal(NoticeOutcome.Sent, await env.Processor.HandleAsync(message, 1, default));
        // As a worker leaves the row when it dies between the relay's acceptance and the record.
        var row = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        row.Status = NoticeStatus.Sending;
        row.SendingAt = env.Time.GetUtcNow();
        // MailSentAt is written with the record that never landed.
        (row.MailSentAt, row.SentAt) = (null, null);
        await env.NoticesTable.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        // Its message comes back while the claim is fresh: it waits, and sends nothing.
        Assert.Equal(NoticeOutcome.Deferred, await env.Processor.HandleAsync(message, 2, default));
        Assert.Single(env.Smtp.Messages);
        // Once the claim has run out the notice goes again (e-mail is at least once), with the same Message-ID.
        env.Time.Advance(TimeSpan.FromMinutes(3));
        await env.DrainAsync();
        Assert.Equal(NoticeOutcome.AlreadyFinal, await env.Processor.HandleAsync(message, 4, default));

        Assert.Equal(2, env.Smtp.Messages.Count);
        Assert.Single(env.Smtp.Messages.Select(m => m.MessageId).Distinct());
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticeSentAgain");
        Assert.Equal(NoticeStatus.Sent, (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!.Status);
    }

    [Fact]
    public async Task An_invalid_address_and_one_the_relay_refuses_fail_only_their_own_rows_naming_row_and_field_and_the_others_are_sent()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6));
        env.Smtp.Refuse("gone@example.se");
        await env.AddSlotAsync("2027-01-01", "Bo Berg", "bo_berg", "gone@example.se", approved: true);
        await env.AddSlotAsync("2027-01-02", "Cecilia Ek", "cecilia_ek", "cecilia(at)example.se", approved: true);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);

        await env.TickAsync();

        var invalid = (await env.NoticeAsync("2027-01-02|invitation"))!;
        Assert.Equal(NoticeStatus.Failed, invalid.Status);
        Assert.Equal("schedule row 2027-01-02, field CuratorEmail: 'cecilia(at)example.se' is not an e-mail address; write one plain address, e.g. anna.svensson@regionstockholm.se.", invalid.Error);
        Assert.Equal(0, invalid.Attempts);
        var refused = (await env.NoticeAsync("2027-01-01|invitation"))!;
        Assert.Equal(NoticeStatus.Failed, refused.Status);
        Assert.StartsWith("schedule row 2027-01-01, field CuratorEmail: the mail server refused the recipient (550", refused.Error);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticeFailed" && r.Message.Contains("sos/2027-01-01|invitation", StringComparison.Ordinal));

        Assert.Single(env.MailsTo("anna@example.se"));
        // The admins hear of the bad address in the day's schedule-error digest.
        var digest = Assert.Single(env.MailsTo(NoticeEnvironment.Admin));
        Assert.Equal(NoticeKind.ScheduleErrors, digest.Message.Headers[NoticeMail.KindHeader]);
        Assert.Contains("rad 2027-01-02, CuratorEmail: 'cecilia(at)example.se' is not an e-mail address", digest.TextBody);
        Assert.Equal(2, env.Smtp.Messages.Count);
    }

    [Fact]
    public async Task A_relay_outage_is_retried_within_the_window_and_the_notice_goes_once_the_relay_is_back()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        env.Smtp.Unavailable = true;

        await env.TickAsync();
        env.Time.Advance(TimeSpan.FromSeconds(31));
        await env.DrainAsync();

        var waiting = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal((NoticeStatus.Pending, 2), (waiting.Status, waiting.Attempts));
        Assert.Contains("421", waiting.Error);
        Assert.Empty(env.Smtp.Messages);

        env.Smtp.Unavailable = false;
        env.Time.Advance(TimeSpan.FromMinutes(1));
        await env.DrainAsync();

        Assert.Single(env.MailsTo("anna@example.se"));
        var sent = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal((NoticeStatus.Sent, 3, null), (sent.Status, sent.Attempts, sent.Error));
    }

    [Fact]
    public async Task A_relay_down_until_the_window_ends_records_the_notice_failed_and_nothing_is_sent_late()
    {
        // Added half an hour before the slot starts: the invitation's window is that half hour.
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddMinutes(-30));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        env.Smtp.Unavailable = true;

        await env.TickAsync();
        for (var i = 0; i < 45; i++)
        {
            env.Time.Advance(TimeSpan.FromMinutes(1));
            await env.DrainAsync();
        }
        env.Smtp.Unavailable = false;
        await env.TickAsync();

        var row = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal(NoticeStatus.Failed, row.Status);
        Assert.StartsWith("the mail server did not take it before its window ended (2027-01-04 07:00 UTC)", row.Error);
        Assert.Contains("421", row.Error);
        Assert.InRange(row.Attempts, 4, 8);
        Assert.Empty(env.MailsOfKind(NoticeKind.Invitation));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "NoticeFailed");
    }

    [Fact]
    public async Task A_notice_delivered_after_its_window_is_recorded_missed_and_never_sent()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddMinutes(-30));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        var message = await env.PlanAndTakeMessageAsync(NoticeEnvironment.AnnasInvitation);

        // The app was down until after the slot started.
        env.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(NoticeOutcome.Missed, await env.Processor.HandleAsync(message, 1, default));

        var row = (await env.NoticeAsync(NoticeEnvironment.AnnasInvitation))!;
        Assert.Equal((NoticeStatus.Missed, 0), (row.Status, row.Attempts));
        Assert.Contains("window ended at 2027-01-04 07:00 UTC", row.Error);
        Assert.Empty(env.Smtp.Messages);
    }

    [Fact]
    public async Task Used_up_X_credits_at_a_handover_tell_the_admins_once_while_the_handover_still_waits_with_what_to_do()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-8));
        await env.AddSlotAsync("2026-12-28", "Bo Berg", "bo_berg", "bo@example.se", approved: true);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddMinutes(-10));
        var posted = env.Tweets().Count;
        env.X.ExhaustCredits();

        await env.RunUntilAsync(NoticeEnvironment.Monday.AddMinutes(90), TimeSpan.FromMinutes(5));

        var mail = Assert.Single(env.MailsOfKind(NoticeKind.CreditsExhausted));
        Assert.Equal(NoticeEnvironment.Admin, Assert.Single(mail.Message.To.Mailboxes).Address);
        Assert.Contains("krediter", mail.Message.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("developer console", mail.Message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(posted, env.Tweets().Count);
    }

    [Fact]
    public async Task A_tick_with_nothing_new_makes_one_more_bounded_read_per_account_writes_nothing_and_the_admins_hear_of_a_broken_chain_once()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-6), a =>
        {
            a["TokenState"] = "broken";
            a["TokenStateReason"] = "X refused the refresh token (invalid_request)";
            a["TokenStateAt"] = NoticeEnvironment.Monday.AddDays(-6).AddHours(-1);
        });
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        await env.TickAsync();
        var before = (await env.NoticesAsync()).Select(n => (n.RowKey, n.ETag)).ToList();

        env.Time.Advance(TimeSpan.FromMinutes(5));
        env.Requests.Reset();
        await env.Server.Services.GetRequiredService<HandoverPlanner>().PlanAsync(default);

        // Accounts list, one Schedule key range, one Handovers key range, and the notices' one: the Notices key range.
        var requests = env.Requests.Snapshot();
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.Equal(4, requests.Count);
        Assert.Single(requests, r => r.Path.Contains(env.Names.NoticesTable, StringComparison.Ordinal));
        Assert.Equal(before, (await env.NoticesAsync()).Select(n => (n.RowKey, n.ETag)).ToList());
        var broken = Assert.Single(env.MailsOfKind(NoticeKind.ChainBroken));
        Assert.Equal([NoticeEnvironment.Admin], broken.To);
        Assert.Equal("Kopplingen till X för @Sodersjukhuset är bruten", broken.Subject);
        Assert.Contains("rotation x authorize --account sos", broken.TextBody);
        Assert.Contains("invalid_request", broken.HtmlBody);
    }
}

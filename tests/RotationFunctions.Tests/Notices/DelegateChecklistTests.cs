using RotationFunctions.Notices;
using RotationFunctions.Schedule;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// CuratorAccess = delegate: X Delegate has no API, so the admins get a checklist a day before each handover, read
/// back from the SMTP server (who to remove as delegate, who to add), in the account's language.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed class DelegateChecklistTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_handover_of_a_delegate_account_sends_the_admins_who_to_remove_and_who_to_add_a_day_before()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-3), a => a["CuratorAccess"] = "delegate");
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true);

        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(-1).AddMinutes(-10), TimeSpan.FromHours(6));
        Assert.Empty(env.MailsOfKind(NoticeKind.DelegateChecklist));
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(6).AddMinutes(10), TimeSpan.FromHours(6));

        var checklists = env.MailsOfKind(NoticeKind.DelegateChecklist);
        Assert.Equal(2, checklists.Count);
        Assert.All(checklists, m => Assert.Equal([NoticeEnvironment.Admin], m.EnvelopeTo));
        Assert.All(checklists, m => Assert.Equal("sv", m.Language));
        var first = checklists.Single(m => m.Subject.Contains("4 januari", StringComparison.Ordinal));
        Assert.Equal("Checklista för överlämningen måndag 4 januari 2027 kl. 08:00 på @Sodersjukhuset: delegater på X", first.Subject);
        Assert.Contains("- Lägg till @anna_sv (Anna Svensson) som delegat.", first.TextBody);
        Assert.DoesNotContain("Ta bort", first.TextBody);
        var second = checklists.Single(m => m.Subject.Contains("11 januari", StringComparison.Ordinal));
        Assert.Contains("- Ta bort @anna_sv (Anna Svensson) som delegat.\n- Lägg till @ahmed_fastighet (Ahmed Yusuf) som delegat.", second.TextBody);
        Assert.Contains("<li>Ta bort @anna_sv (Anna Svensson) som delegat.</li><li>Lägg till @ahmed_fastighet (Ahmed Yusuf) som delegat.</li>", second.HtmlBody);
        // A day before the handover, not at it: the new curator has access when the week starts.
        Assert.Equal(NoticeEnvironment.Monday.AddDays(6), (await env.NoticeAsync("2027-01-11T07:00:00Z|delegate-checklist"))?.DueAt);
    }

    [Fact]
    public void The_checklist_reads_in_English_for_an_English_account_and_an_unknown_access_is_an_error_of_the_row()
    {
        var problems = new List<ScheduleProblem>();
        var account = ScheduleParser.ParseAccount(Rows.Account("sos").With("Language", "en").With("CuratorAccess", "Delegate"), new ScheduleOptions(), problems)!;
        Assert.True(account.XDelegate);
        Assert.DoesNotContain(problems, p => p.IsError);
        var boundary = new DateTimeOffset(2027, 1, 11, 7, 0, 0, TimeSpan.Zero);
        var leaving = new Slot { AccountId = "sos", RowKey = "2027-01-04", Date = new(2027, 1, 4), StartsAt = boundary.AddDays(-7), CuratorName = "Anna", CuratorHandle = "anna_sv" };

        var text = NoticeTexts.DelegateChecklist("en", account, boundary, leaving, arriving: null).Text();

        Assert.Contains("- Remove @anna_sv (Anna) as a delegate.\n", text);
        Assert.DoesNotContain("Add @", text);

        var typo = new List<ScheduleProblem>();
        ScheduleParser.ParseAccount(Rows.Account("sos").With("CuratorAccess", "delegates"), new ScheduleOptions(), typo);
        Assert.Contains(typo, p => p.IsError && p.Field == "CuratorAccess" && p.Message.Contains("portal", StringComparison.Ordinal));
    }
}

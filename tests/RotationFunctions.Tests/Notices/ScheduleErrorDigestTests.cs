using RotationFunctions.Notices;

namespace RotationFunctions.Tests.Notices;

/// <summary>Schedule errors reach the admins as one digest a day while they last, read back from the SMTP server.</summary>
[Collection(NoticeCollection.Name)]
public sealed class ScheduleErrorDigestTests(AzuriteFixture azurite)
{

    [Fact]
    public async Task Errors_are_told_once_a_local_day_each_named_by_row_and_field_and_no_more_once_fixed()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-3));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        // Within the planner's 8 days: the errors it would act on.
        await env.AddSlotAsync("2027-01-06", "Bo Ek", "bo ek", "bo@example.se", approved: true);

        // Two days of ticks every 6 hours: eight ticks, two local days, two digests.
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(-2).AddHours(-2));

        var digests = env.MailsOfKind(NoticeKind.ScheduleErrors);
        Assert.Equal(2, digests.Count);
        var digest = digests[0];
        Assert.Equal([NoticeEnvironment.Admin], digest.To);
        Assert.Equal("Schemat för @Sodersjukhuset har 1 fel", digest.Subject);
        Assert.Contains("rad 2027-01-06, CuratorHandle:", digest.TextBody);
        Assert.Contains("rotation schedule validate --account sos", digest.TextBody);
        Assert.Contains("<li>rad 2027-01-06, CuratorHandle:", digest.HtmlBody);
        Assert.DoesNotContain(env.MailsTo("bo@example.se"), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.ScheduleErrors);

        // Fixed before the next day's digest is sent: it is planned, then skipped, and nobody is told again.
        await env.AddSlotAsync("2027-01-06", "Bo Ek", "bo_ek", "bo@example.se", approved: true);
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddDays(-1));

        Assert.Equal(2, env.MailsOfKind(NoticeKind.ScheduleErrors).Count);
    }
}

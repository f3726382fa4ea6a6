using RotationFunctions.Notices;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// Retention per account, run by the planner's tick once a day: the curator's e-mail address leaves the Notices rows
/// CuratorEmailRetentionDays after the slot ends (not before, and not the next curator's), the Schedule row keeps it
/// (the admin's), and the Posts audit is deleted only PostAuditRetentionDays after the slot, when the account sets it.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed class NoticeRetentionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset End = NoticeEnvironment.Monday.AddDays(7);

    [Fact]
    public async Task Curator_addresses_leave_the_notice_rows_after_their_retention_and_the_post_audit_only_when_configured()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-1), a =>
        {
            a["CuratorEmailRetentionDays"] = "30";
            a["PostAuditRetentionDays"] = 60;
        });
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true);
        await env.PostsTable.AddEntityAsync(new TableEntity("sos", "post-1")
        {
            ["Slot"] = "2027-01-04", ["Status"] = PostStatus.Posted, ["Text"] = "Hej från akuten", ["TweetId"] = "1", ["ClaimedAt"] = NoticeEnvironment.Monday.AddDays(2),
        });
        await env.RunUntilAsync(End.AddMinutes(10), TimeSpan.FromHours(6));
        var annas = (await env.NoticesAsync()).Where(n => n.SlotRowKey == "2027-01-04" && NoticeKind.IsForCurator(n.Kind)).ToList();
        Assert.Equal([NoticeKind.Invitation, NoticeKind.Thanks, NoticeKind.Welcome], annas.Select(n => n.Kind).Order());
        Assert.All(annas, n => Assert.Equal("anna@example.se", n.Recipients));

        // A day short of 30 days after Anna's slot ended: nothing removed yet.
        env.Time.SetUtcNow(End.AddDays(29));
        await env.TickAsync();
        Assert.All(await CuratorRowsAsync(env, "2027-01-04"), n => Assert.Equal("anna@example.se", n.Recipients));

        env.Time.SetUtcNow(End.AddDays(30).AddHours(1));
        await env.TickAsync();

        Assert.All(await CuratorRowsAsync(env, "2027-01-04"), n =>
        {
            Assert.Null(n.Recipients);
            Assert.Equal(End.AddDays(30).AddHours(1), n.PersonalDataRemovedAt);
        });
        Assert.All(await CuratorRowsAsync(env, "2027-01-11"), n => Assert.Equal("ahmed@example.se", n.Recipients));
        Assert.Equal("anna@example.se", (await env.ScheduleTable.GetEntityAsync<TableEntity>("sos", "2027-01-04")).Value.GetString("CuratorEmail"));
        Assert.True((await env.PostsTable.GetEntityIfExistsAsync<TableEntity>("sos", "post-1")).HasValue);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "RetentionRun");

        env.Time.SetUtcNow(End.AddDays(60).AddHours(1));
        await env.TickAsync();

        Assert.False((await env.PostsTable.GetEntityIfExistsAsync<TableEntity>("sos", "post-1")).HasValue);
    }

    [Fact]
    public async Task Without_PostAuditRetentionDays_the_post_audit_is_kept_and_the_run_is_once_a_day()
    {
        await using var env = await NoticeEnvironment.StartAsync(azurite, End.AddDays(400));
        await env.PostsTable.AddEntityAsync(new TableEntity("sos", "post-1")
        {
            ["Slot"] = "2027-01-04", ["Status"] = PostStatus.Posted, ["Text"] = "Hej från akuten", ["TweetId"] = "1", ["ClaimedAt"] = NoticeEnvironment.Monday.AddDays(2),
        });

        await env.TickAsync();
        env.Time.Advance(TimeSpan.FromHours(23));
        await env.TickAsync();

        Assert.True((await env.PostsTable.GetEntityIfExistsAsync<TableEntity>("sos", "post-1")).HasValue);
        Assert.Single(env.Logs.GetSnapshot(), r => r.Id.Name == "RetentionRun");
    }

    private static async Task<List<NoticeRecord>> CuratorRowsAsync(NoticeEnvironment env, string slot) =>
        [.. (await env.NoticesAsync()).Where(n => n.SlotRowKey == slot && NoticeKind.IsForCurator(n.Kind))];
}

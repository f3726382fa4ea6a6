using RotationFunctions.Notices;

namespace RotationFunctions.Tests.Cli;

/// <summary>`rotation notices list` on a real Azurite, over rows as the app writes them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NoticeCommandsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Notices_list_shows_each_notice_with_kind_status_local_times_recipient_and_subject_or_reason()
    {
        var id = "n" + Guid.NewGuid().ToString("N")[..10];
        var tables = azurite.TableService();
        await tables.CreateTableIfNotExistsAsync(StorageNames.Default.AccountsTable);
        await tables.CreateTableIfNotExistsAsync(StorageNames.Default.NoticesTable);
        await tables.GetTableClient(StorageNames.Default.AccountsTable).UpsertEntityAsync(Rows.Account(id));
        var notices = tables.GetTableClient(StorageNames.Default.NoticesTable);
        var start = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
        await notices.AddEntityAsync(new NoticeRecord
        {
            PartitionKey = id, RowKey = "2027-01-04|invitation", Kind = NoticeKind.Invitation, SlotRowKey = "2027-01-04", Status = NoticeStatus.Sent,
            DueAt = start.AddDays(-7), WindowEndsAt = start, Recipients = "anna@example.se", Subject = "Välkommen som kurator",
        });
        await notices.AddEntityAsync(new NoticeRecord
        {
            PartitionKey = id, RowKey = "2027-01-04T07:00:00Z|handover-blocked", Kind = NoticeKind.HandoverBlocked, BoundaryAt = start, Status = NoticeStatus.Failed,
            DueAt = start, WindowEndsAt = start.AddDays(1), Error = "AdminEmails of account x: the mail server refused the recipient (550)",
        });

        var result = await CliRunner.RunAsync(["notices", "list", "--account", id, "--connection-string", azurite.ConnectionString]);
        var missing = await CliRunner.RunAsync(["notices", "list", "--account", "nobody", "--connection-string", azurite.ConnectionString]);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("invitation  slot 2027-01-04  sent  due 2026-12-28 08:00  until 2027-01-04 08:00  to anna@example.se  Välkommen som kurator", lines[0]);
        Assert.Equal("handover-blocked  handover 2027-01-04 08:00  failed  due 2027-01-04 08:00  until 2027-01-05 08:00  to the admins  AdminEmails of account x: the mail server refused the recipient (550)", lines[1]);
        Assert.Equal("1 failed, 1 sent", lines[2].TrimEnd());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("there is no account 'nobody'", missing.Error);
    }
}

using System.Globalization;
using RotationFunctions.Cli.Schedule;
using RotationFunctions.Notices;

namespace RotationFunctions.Cli.Notices;

/// <summary>`rotation notices list`: what the app told (or will tell) an account's curators and admins, one line per notice row.</summary>
public static class NoticeCommands
{
    public static Command Create(CliConsole console, TimeProvider time) =>
        new("notices", "The notices to curators and admins (the Notices table).") { List(console, time) };

    private static Command List(CliConsole console, TimeProvider time)
    {
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var command = new Command("list", "One line per notice of the account, by slot or handover: kind, status, when it is due and until when it may go (the account's local time), to whom, and the subject or why not.")
        {
            account,
        };
        var connection = new StorageConnection();
        connection.AddTo(command);
        command.SetAction((parse, ct) => ScheduleCommands.WithStore(parse, connection, console, time, async store =>
        {
            var id = parse.GetValue(account)!;
            var settings = await store.Accounts.GetAsync(id, ct);
            if (settings is null)
            {
                await console.Error.WriteLineAsync($"error: there is no account '{id}' in the Accounts table.");
                return 1;
            }
            var table = connection.CreateClient(parse).GetTableClient(StorageNames.Default.NoticesTable);
            var rows = new List<NoticeRecord>();
            await foreach (var row in table.QueryAsync<NoticeRecord>(r => r.PartitionKey == id, cancellationToken: ct))
            {
                rows.Add(row);
            }
            if (rows.Count == 0)
            {
                await console.Out.WriteLineAsync($"No notices for {id} yet: they are planned 8 days ahead once Notices:Sender is set.");
                return 0;
            }
            string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, settings.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            foreach (var row in rows.OrderBy(r => r.DueAt).ThenBy(r => r.RowKey, StringComparer.Ordinal))
            {
                var about = row.SlotRowKey is { } slot ? $"slot {slot}" : row.BoundaryAt is { } at ? $"handover {Local(at)}" : "account";
                var what = row.Status == NoticeStatus.Sent ? row.Subject : row.Error ?? row.Subject ?? "";
                await console.Out.WriteLineAsync(string.Join("  ",
                    row.Kind, about, row.Status, $"due {Local(row.DueAt)}", $"until {Local(row.WindowEndsAt)}", $"to {row.Recipients ?? (NoticeKind.IsForCurator(row.Kind) ? "the curator" : "the admins")}", what));
            }
            await console.Out.WriteLineAsync(string.Join(", ", rows.GroupBy(r => r.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")));
            return 0;
        }));
        return command;
    }
}

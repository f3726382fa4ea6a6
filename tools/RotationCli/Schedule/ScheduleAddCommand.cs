using System.Globalization;

namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// `rotation schedule add`: one slot, checked with its neighbours (overlap, gap, 31-day limit) before it
/// is written. Problems the schedule had before stay warnings of their own; only what this slot brings
/// refuses it.
/// </summary>
internal static class ScheduleAddCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var command = new Command("add", "Add one curator slot, checked against the account's other slots first; writes nothing on an error.");
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var date = new Option<string>("--date") { Description = "The slot's local start date, YYYY-MM-DD (its RowKey).", Required = true };
        var name = new Option<string>("--name") { Description = "The curator's name, as the tweets show it.", Required = true };
        var handle = new Option<string>("--handle") { Description = "The curator's X handle.", Required = true };
        var role = new Option<string>("--role") { Description = "The curator's role, e.g. 'sjuksköterska på akuten'.", Required = true };
        var email = new Option<string?>("--email") { Description = "The curator's e-mail address (for the invitation and the portal link)." };
        var topic = new Option<string?>("--topic") { Description = "What they will talk about ({topic})." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and print what would be written; write nothing." };
        var connection = new StorageConnection();
        foreach (var option in new Option[] { account, date, name, handle, role, email, topic, dryRun })
        {
            command.Options.Add(option);
        }
        connection.AddTo(command);
        command.SetAction((parse, ct) => ScheduleCommands.WithStore(parse, connection, console, time, async store =>
        {
            var accountId = parse.GetValue(account)!;
            var rowKey = parse.GetValue(date)!.Trim();
            if (!DateOnly.TryParseExact(rowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                await console.Error.WriteLineAsync($"--date '{rowKey}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-04.");
                return 1;
            }
            await store.EnsureCreatedAsync(ct);
            var accounts = (await store.Accounts.ListAsync(ct)).Only(accountId);
            if (accounts.Accounts.Count == 0)
            {
                await console.Error.WriteLineAsync($"There is no account '{accountId}'; add it first: rotation account add {accountId} --time-zone Europe/Stockholm");
                return 1;
            }
            var existing = await store.Schedule.ExportAsync(accountId, ct);
            if (existing.FirstOrDefault(r => r.RowKey == rowKey || r.RowKey.StartsWith(rowKey + "-", StringComparison.Ordinal)) is { } taken)
            {
                await console.Error.WriteLineAsync($"Account {accountId} has a slot on {rowKey} already (row {taken.RowKey}, {taken.GetString(ScheduleFields.Slot.CuratorName)}); change that row instead.");
                return 1;
            }

            var row = new TableEntity(accountId, rowKey)
            {
                [ScheduleFields.Slot.CuratorName] = parse.GetValue(name),
                [ScheduleFields.Slot.CuratorHandle] = parse.GetValue(handle),
                [ScheduleFields.Slot.Role] = parse.GetValue(role),
                [ScheduleFields.Slot.Approved] = false,
            };
            if (parse.GetValue(email) is { } e)
            {
                row[ScheduleFields.Slot.CuratorEmail] = e;
            }
            if (parse.GetValue(topic) is { } t)
            {
                row[ScheduleFields.Slot.Topic] = t;
            }

            var before = store.Validate(accounts, existing).Problems.Select(Key).ToHashSet();
            var after = store.Validate(accounts, [.. existing, row]).Problems;
            var brought = after.Where(p => !before.Contains(Key(p))).ToList();
            await ScheduleCommands.WriteProblemsAsync(console.Out, brought);
            // A new curator has not accepted yet by definition: that is told, not a reason to refuse the slot.
            var refusing = brought.Count(p => p.IsError && p.Field != ScheduleFields.Slot.Approved);
            if (refusing > 0)
            {
                await console.Out.WriteLineAsync($"{refusing} error(s): nothing was written.");
                return 1;
            }
            if (parse.GetValue(dryRun))
            {
                await console.Out.WriteLineAsync($"--dry-run: would add {accountId}/{rowKey}: {parse.GetValue(name)} (@{parse.GetValue(handle)!.TrimStart('@')}), {parse.GetValue(role)}. Nothing was written.");
                return 0;
            }
            if (!await store.Schedule.AddAsync(row, ct))
            {
                await console.Error.WriteLineAsync($"Row {accountId}/{rowKey} was added meanwhile; nothing was written.");
                return 1;
            }
            await console.Out.WriteLineAsync($"Added {accountId}/{rowKey}: {parse.GetValue(name)}. The curator has not accepted the guidelines yet (Approved false).");
            return 0;
        }));
        return command;
    }

    private static (string, string, string?, string, string) Key(ScheduleProblem p) => (p.Table, p.AccountId, p.RowKey, p.Field, p.Message);
}

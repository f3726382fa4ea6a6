using System.Globalization;
using RotationFunctions.Cli.Schedule;

namespace RotationFunctions.Cli.Accounts;

/// <summary>
/// `rotation account add|set|list`: an account without Storage Explorer. A row is checked by the same
/// parser the planner uses before anything is written, and --dry-run prints what would be written.
/// </summary>
public static class AccountCommands
{
    public static Command Create(CliConsole console, TimeProvider time) =>
        new("account", "Add, change and list the accounts (the Accounts table).")
        {
            Write(console, time, adding: true),
            Write(console, time, adding: false),
            List(console, time),
        };

    /// <summary>The account columns an admin sets from the command line, with the option that sets each.</summary>
    private sealed class FieldOptions
    {
        public List<(Option<string?> Option, string Field)> All { get; } =
        [
            (new Option<string?>("--time-zone") { Description = "IANA time zone, e.g. Europe/Stockholm." }, ScheduleFields.Account.TimeZone),
            (new Option<string?>("--language") { Description = "sv or en: the default texts and date format." }, ScheduleFields.Account.Language),
            (new Option<string?>("--handover-time") { Description = "Local time of day slots start, HH:mm (default 08:00)." }, ScheduleFields.Account.HandoverTime),
            (new Option<string?>("--x-handle") { Description = "The organisation's X handle (rotation x authorize also writes it)." }, ScheduleFields.Account.XHandle),
            (new Option<string?>("--admin-emails") { Description = "Who hears of failures: e-mail addresses separated by commas." }, ScheduleFields.Account.AdminEmails),
            (new Option<string?>("--blocked-terms") { Description = "Words the content guard blocks, separated by ';' ('journal*' for a prefix)." }, ScheduleFields.Account.BlockedTerms),
            (new Option<string?>("--allowed-numbers") { Description = "Phone numbers the guard lets through, separated by ';' (the switchboard)." }, ScheduleFields.Account.AllowedNumbers),
            (new Option<string?>("--enabled") { Description = "true or false: false leaves the account alone." }, ScheduleFields.Account.Enabled),
            (new Option<string?>("--dry-run-posts") { Description = "true or false: true posts nothing, the Handovers rows say what would have been." }, ScheduleFields.Account.DryRun),
        ];

        public void AddTo(Command command) => All.ForEach(o => command.Options.Add(o.Option));

        public IEnumerable<(string Field, string Value)> Given(ParseResult parse) =>
            All.Where(o => parse.GetValue(o.Option) is not null).Select(o => (o.Field, parse.GetValue(o.Option)!.Trim()));
    }

    private static Command Write(CliConsole console, TimeProvider time, bool adding)
    {
        var command = new Command(adding ? "add" : "set", adding
            ? "Add an account. Checked like the table's own rows first; writes nothing on an error."
            : "Change some of an account's fields; the others (and the token state rotation writes) stay.");
        var id = new Argument<string>("id") { Description = "The account id (the Accounts RowKey, e.g. sos): lower-case letters, digits and '-'." };
        var fields = new FieldOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and print what would be written; write nothing." };
        var connection = new StorageConnection();
        command.Arguments.Add(id);
        fields.AddTo(command);
        command.Options.Add(dryRun);
        connection.AddTo(command);
        if (adding)
        {
            command.Validators.Add(r =>
            {
                if (r.GetValue(fields.All[0].Option) is null)
                {
                    r.AddError("--time-zone is required for a new account (an IANA name, e.g. Europe/Stockholm).");
                }
            });
        }
        command.SetAction((parse, ct) => ScheduleCommands.WithStore(parse, connection, console, time, async store =>
        {
            var accountId = parse.GetValue(id)!;
            await store.Accounts.EnsureCreatedAsync(ct);
            var existing = await store.Accounts.GetRowAsync(accountId, ct);
            if (adding && existing is not null)
            {
                await console.Error.WriteLineAsync($"There is an account '{accountId}' already; change it with: rotation account set {accountId} …");
                return 1;
            }
            if (!adding && existing is null)
            {
                await console.Error.WriteLineAsync($"There is no account '{accountId}'; add it with: rotation account add {accountId} --time-zone Europe/Stockholm");
                return 1;
            }
            var given = fields.Given(parse).ToList();
            if (!adding && given.Count == 0)
            {
                await console.Error.WriteLineAsync("Nothing to change: give at least one field option (see rotation account set --help).");
                return 1;
            }

            var row = existing ?? new TableEntity(StorageNames.AccountPartition, accountId);
            foreach (var (field, value) in given)
            {
                row[field] = value;
            }
            var problems = new List<ScheduleProblem>();
            store.Validator.ParseAccount(row, problems);
            await ScheduleCommands.WriteProblemsAsync(console.Out, problems);
            if (problems.Any(p => p.IsError))
            {
                await console.Out.WriteLineAsync($"{problems.Count(p => p.IsError)} error(s): nothing was written.");
                return 1;
            }
            var summary = string.Join(", ", given.Select(g => $"{g.Field}={g.Value}"));
            if (parse.GetValue(dryRun))
            {
                await console.Out.WriteLineAsync($"--dry-run: would {(adding ? "add" : "change")} account {accountId}: {summary}. Nothing was written.");
                return 0;
            }
            if (adding)
            {
                if (!await store.Accounts.AddAsync(row, ct))
                {
                    await console.Error.WriteLineAsync($"There is an account '{accountId}' already (added meanwhile); nothing was written.");
                    return 1;
                }
            }
            else
            {
                var changes = new TableEntity(StorageNames.AccountPartition, accountId) { ETag = existing!.ETag };
                foreach (var (field, value) in given)
                {
                    changes[field] = value;
                }
                await store.Accounts.MergeAsync(changes, ct);
            }
            await console.Out.WriteLineAsync($"{(adding ? "Added" : "Changed")} account {accountId}: {summary}.");
            return 0;
        }));
        return command;
    }

    private static Command List(CliConsole console, TimeProvider time)
    {
        var command = new Command("list", "One line per account: enabled, dry run, zone, the next handover and its curator (accepted or not), the token state.");
        var connection = new StorageConnection();
        connection.AddTo(command);
        command.SetAction((parse, ct) => ScheduleCommands.WithStore(parse, connection, console, time, async store =>
        {
            var report = await store.ReadAsync(null, ct);
            var now = time.GetUtcNow();
            if (report.Accounts.Count == 0)
            {
                await console.Out.WriteLineAsync("No accounts yet: rotation account add ID --time-zone Europe/Stockholm");
            }
            foreach (var schedule in report.Accounts)
            {
                var a = schedule.Account;
                var next = schedule.Boundaries.FirstOrDefault(b => b.At >= now && b.Incoming is not null);
                var handover = next is null
                    ? "no handover ahead"
                    : $"next {TimeZoneInfo.ConvertTime(next.At, a.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {next.Incoming!.CuratorName} ({(next.Incoming.Approved ? "accepted" : "not accepted")})";
                var token = a.TokenState is null ? "not authorized" : $"{a.TokenState}{(a.TokenExpiresAt is { } e ? " until " + e.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "")}";
                await console.Out.WriteLineAsync(string.Join("  ",
                    a.Id, a.Enabled ? "enabled" : "disabled", a.DryRun ? "dry-run" : "posting", a.TimeZone.Id, handover, $"token {token}"));
            }
            await ScheduleCommands.WriteProblemsAsync(console.Out, report.Problems.Where(p => p.Table == ScheduleProblem.AccountsTable).ToList());
            return report.Problems.Any(p => p.IsError && p.Table == ScheduleProblem.AccountsTable) ? 1 : 0;
        }));
        return command;
    }
}

using System.Globalization;
using RotationFunctions.Channels.X;
using RotationFunctions.Handover;
using RotationFunctions.Text;

namespace RotationFunctions.Cli.Schedule;

/// <summary>`rotation schedule validate|import|export|preview`.</summary>
public static class ScheduleCommands
{
    public static Command Create(CliConsole console, TimeProvider time) =>
        new("schedule", "Check, import, export and preview the curator schedule (Accounts and Schedule tables).")
        {
            Validate(console, time),
            ScheduleImportCommand.Create(console, time),
            Export(console, time),
            Preview(console, time),
            ScheduleAddCommand.Create(console, time),
        };

    private static Option<string?> AccountOption() => new("--account") { Description = "Only this account (its RowKey in Accounts)." };

    private static Command Validate(CliConsole console, TimeProvider time)
    {
        var command = new Command("validate", "Report every problem in the schedule. Exit code 1 when there is an error, 0 with warnings only.");
        var account = AccountOption();
        var connection = new StorageConnection();
        command.Options.Add(account);
        connection.AddTo(command);
        command.SetAction((parse, ct) => WithStore(parse, connection, console, time, async store =>
        {
            var report = await store.ReadAsync(parse.GetValue(account), ct);
            await WriteProblemsAsync(console.Out, report.Problems);
            var rows = report.Accounts.Sum(a => a.Slots.Count);
            await console.Out.WriteLineAsync($"{report.Problems.Count(p => p.IsError)} error(s), {report.Problems.Count(p => !p.IsError)} warning(s); {report.Accounts.Count} account(s), {rows} slot(s) readable.");
            return report.HasErrors ? 1 : 0;
        }));
        return command;
    }

    private static Command Export(CliConsole console, TimeProvider time)
    {
        var command = new Command("export", "Write the Schedule table as CSV, or as .xlsx when the output file's name ends in .xlsx (both are what import reads).");
        var account = AccountOption();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout (a workbook when it ends in .xlsx)." };
        var connection = new StorageConnection();
        command.Options.Add(account);
        command.Options.Add(output);
        connection.AddTo(command);
        command.SetAction((parse, ct) => WithStore(parse, connection, console, time, async store =>
        {
            var rows = await store.Schedule.ExportAsync(parse.GetValue(account), ct);
            if (parse.GetValue(output) is { } file && file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                await using var stream = file.Create();
                await ScheduleXlsx.WriteAsync(stream, rows, ct);
                await console.Error.WriteLineAsync($"Exported {rows.Count} row(s) to {file.FullName}.");
            }
            else if (parse.GetValue(output) is { } csvFile)
            {
                await using var writer = csvFile.CreateText();
                await ScheduleCsv.WriteAsync(writer, rows);
                await console.Error.WriteLineAsync($"Exported {rows.Count} row(s) to {csvFile.FullName}.");
            }
            else
            {
                await ScheduleCsv.WriteAsync(console.Out, rows);
            }
            return 0;
        }));
        return command;
    }

    private const int XCostMonthDays = 30;

    private static Command Preview(CliConsole console, TimeProvider time)
    {
        var command = new Command("preview", "Show the upcoming handovers with the exact intro and outro texts and their weighted lengths, and the notices they cause.");
        var weeks = new Option<int>("--weeks") { Description = "How many weeks ahead.", DefaultValueFactory = _ => 4 };
        var account = AccountOption();
        var noticeTexts = new Option<bool>("--notice-texts") { Description = "Print each notice's whole text (sv/en as the slot's language) under its line." };
        var connection = new StorageConnection();
        command.Options.Add(weeks);
        command.Options.Add(account);
        command.Options.Add(noticeTexts);
        connection.AddTo(command);
        command.SetAction((parse, ct) => WithStore(parse, connection, console, time, async store =>
        {
            var report = await store.ReadAsync(parse.GetValue(account), ct);
            var now = time.GetUtcNow();
            var until = now.AddDays(7 * Math.Max(1, parse.GetValue(weeks)));
            var count = 0;
            foreach (var schedule in report.Accounts)
            {
                foreach (var boundary in schedule.BoundariesBetween(now, until))
                {
                    count++;
                    await WriteHandoverAsync(console.Out, schedule.Account, boundary);
                }
                await WriteNoticesAsync(console.Out, schedule, now, until, store.Validator.Options, parse.GetValue(noticeTexts));
                await WriteXCostAsync(console.Out, schedule, now);
            }
            if (count == 0)
            {
                await console.Out.WriteLineAsync($"No handovers before {until:yyyy-MM-dd}.");
            }
            var errors = report.Problems.Count(p => p.IsError);
            if (errors > 0)
            {
                await console.Out.WriteLineAsync($"{errors} error(s) in the schedule: run 'rotation schedule validate' for details.");
            }
            return report.HasErrors ? 1 : 0;
        }));
        return command;
    }

    /// <summary>The notices the slots will cause (issue 15), from the notices' own rule and texts; with <paramref name="texts"/> each with its whole text.</summary>
    private static async Task WriteNoticesAsync(TextWriter output, AccountSchedule schedule, DateTimeOffset now, DateTimeOffset until, ScheduleOptions options, bool texts)
    {
        var account = schedule.Account;
        foreach (var (notice, to, _, content) in RotationFunctions.Notices.NoticePreview.For(schedule, now, until, options))
        {
            await output.WriteLineAsync($"{TimeZoneInfo.ConvertTime(notice.DueAt, account.TimeZone):yyyy-MM-dd HH:mm} {account.TimeZone.Id}  {account.Id}: notice {notice.Kind} to {string.Join(", ", to)}: {content.Subject}");
            foreach (var line in texts ? content.Text().TrimEnd().Split('\n') : [])
            {
                await output.WriteLineAsync(line.Length == 0 ? "" : "    " + line);
            }
        }
    }

    private static async Task WriteHandoverAsync(TextWriter output, AccountSettings account, Boundary boundary)
    {
        var local = TimeZoneInfo.ConvertTime(boundary.At, account.TimeZone);
        var from = boundary.Outgoing?.CuratorName ?? "(nobody)";
        var to = boundary.Incoming?.CuratorName ?? "(nobody)";
        var flags = account.DryRun ? " [dry run: nothing is posted]" : "";
        await output.WriteLineAsync($"{local:yyyy-MM-dd HH:mm} {account.TimeZone.Id}  {account.Id}: {from} → {to}{flags}");
        if (boundary.HeldReason is { } held)
        {
            await output.WriteLineAsync($"  HELD: {held}");
            return;
        }
        foreach (var channel in account.Channels)
        {
            foreach (var kind in Enum.GetValues<StepKind>())
            {
                // What the processor will decide at the boundary, if nothing changes until then.
                var decision = HandoverStep.Decide(account, boundary, kind, channel, StepRecord.None);
                await WriteStepAsync(output, HandoverStep.Name(kind, channel), kind == StepKind.Intro ? boundary.Incoming : boundary.Outgoing, decision, account, channel);
            }
        }
    }

    private static async Task WriteStepAsync(TextWriter output, string step, Slot? slot, StepDecision decision, AccountSettings account, Channel channel)
    {
        switch (decision)
        {
            case StepDecision.Post post:
                await WriteTextAsync(output, step, post.Text, account, channel);
                break;
            case StepDecision.DryRun dryRun:
                await WriteTextAsync(output, step, dryRun.Text, account, channel);
                break;
            case StepDecision.Blocked blocked when blocked.Blocks.Any(b => b.Kind == StepBlockKind.RowHasErrors):
                await output.WriteLineAsync($"  {step}: not posted, row {slot?.RowKey} has errors.");
                break;
            case StepDecision.Blocked blocked:
                if (blocked.Text is { Length: > 0 } text)
                {
                    await WriteTextAsync(output, step, text, account, channel);
                }
                foreach (var block in blocked.Blocks)
                {
                    await output.WriteLineAsync(block.Kind == StepBlockKind.NotApproved
                        ? $"  NOTE: {block.Message}; the {step} waits for an acceptance (or Approved = true) into the week (Schedule:AcceptanceWait, 24 h unless set), then it is skipped."
                        : $"  BLOCKED: {block.Message}");
                }
                break;
        }
    }

    /// <summary>The account's X bill for the month ahead (<see cref="XCostMonthDays"/> days from <paramref name="now"/>), whatever --weeks shows.</summary>
    private static async Task WriteXCostAsync(TextWriter output, AccountSchedule schedule, DateTimeOffset now)
    {
        var account = schedule.Account;
        if (!account.Channels.Contains(Channel.X))
        {
            return;
        }
        var to = now.AddDays(XCostMonthDays);
        var cost = XCostEstimate.For(account, schedule.BoundariesBetween(now, to).Where(b => b.At < to));
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c,
            $"{account.Id}: X cost for the next {XCostMonthDays} days (estimate): ${cost.Usd:0.000} = {cost.Posts} post(s) × ${XPrices.Post.Usd:0.000} + {cost.PostsWithLink} with a link × ${XPrices.PostWithLink.Usd:0.000} + {cost.ReportReads} week-report read(s) × ${XPrices.PostRead.Usd:0.000}."));
        await output.WriteLineAsync(string.Create(c,
            $"  Each portal post adds ${XPrices.Post.Usd:0.000} (${XPrices.PostWithLink.Usd:0.000} with a link) and ${XPrices.PostRead.Usd:0.000} to read it back for the week report; each mention read ${XPrices.PostRead.Usd:0.000}. Prices: {XPrices.Source}, read {XPrices.ReadOn}."));
    }

    /// <summary>The text with its length as its network counts it: X weighted, Bluesky graphemes, Mastodon the account's instance limit.</summary>
    private static async Task WriteTextAsync(TextWriter output, string step, string text, AccountSettings account, Channel channel)
    {
        var length = ChannelLength.Measure(text, channel, account.MastodonMaxCharacters);
        await output.WriteLineAsync($"  {step} ({length.Length}/{length.Max}{(length.IsValid ? "" : ", INVALID")}): {text}");
    }

    internal static async Task WriteProblemsAsync(TextWriter output, IReadOnlyList<ScheduleProblem> problems)
    {
        foreach (var line in ProblemTable.Lines(problems))
        {
            await output.WriteLineAsync(line);
        }
    }

    internal static async Task<int> WithStore(ParseResult parse, StorageConnection connection, CliConsole console, TimeProvider time, Func<ScheduleTables, Task<int>> action)
    {
        var client = connection.CreateClient(parse);
        try
        {
            return await action(ScheduleTables.Create(client, time));
        }
        catch (Exception e) when (StorageConnection.Explain(e, client) is { } message)
        {
            await console.Error.WriteLineAsync(message);
            return 2;
        }
    }
}

using RotationFunctions.Cli.Schedule;
using RotationFunctions.Guard;

namespace RotationFunctions.Cli.Guard;

public static class GuardCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var account = new Option<string?>("--account") { Description = "Use this account's BlockedTerms and AllowedNumbers from the Accounts table." };
        var blockedTerms = new Option<string?>("--blocked-terms") { Description = "Semicolon-separated terms to block (whole words, any case, '*' at the end for a prefix); instead of --account." };
        var allowedNumbers = new Option<string?>("--allowed-numbers") { Description = "Semicolon-separated phone numbers to let through (the switchboard); instead of --account." };
        var connection = new StorageConnection();
        var check = new Command("check",
            "Read one JSON string per line on stdin; write per line {\"blocked\": bool, \"findings\": [{\"kind\": \"personnummer|samordningsnummer|phone|term\", \"index\": n, \"length\": n}]} " +
            "(index and length in UTF-16 code units; what was found is never printed).")
        {
            account, blockedTerms, allowedNumbers,
        };
        connection.AddTo(check);
        check.Validators.Add(result =>
        {
            if (result.GetValue(account) is not null && (result.GetValue(blockedTerms) is not null || result.GetValue(allowedNumbers) is not null))
            {
                result.AddError("Give --account, or --blocked-terms and --allowed-numbers, not both.");
            }
        });
        check.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(account) is not { } accountId)
            {
                var rules = GuardRules.Parse(parse.GetValue(blockedTerms), parse.GetValue(allowedNumbers), out var problems);
                foreach (var (field, message) in problems)
                {
                    await console.Error.WriteLineAsync($"{field}: {message}");
                }
                return problems.Count > 0 ? 2 : await CheckAsync(console, rules, cancellationToken);
            }
            return await ScheduleCommands.WithStore(parse, connection, console, time, async tables =>
            {
                if (await tables.Accounts.GetAsync(accountId, cancellationToken) is not { } settings)
                {
                    await console.Error.WriteLineAsync($"There is no account '{accountId}' in the Accounts table.");
                    return 2;
                }
                return await CheckAsync(console, settings.Guard, cancellationToken);
            });
        });
        var guard = new Command("guard", "The content guard: what it blocks before anything is posted (personal identity numbers, phone numbers, the account's blocked terms).");
        guard.Subcommands.Add(check);
        return guard;
    }

    private static Task<int> CheckAsync(CliConsole console, GuardRules rules, CancellationToken cancellationToken) =>
        JsonLines.MapAsync(console, text =>
        {
            var result = ContentGuard.Check(text, rules);
            return new
            {
                blocked = result.Blocked,
                findings = result.Findings.Select(f => new { kind = f.Kind.ToString().ToLowerInvariant(), index = f.Index, length = f.Length }),
            };
        }, cancellationToken);
}

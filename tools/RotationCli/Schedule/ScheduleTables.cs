using Microsoft.Extensions.Options;
using RotationFunctions.Handover;

namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// The core's readers of the Accounts and Schedule tables, as the schedule commands use them, and of what
/// the handovers posted (validation warns of a text X would refuse as a repeat).
/// </summary>
public sealed record ScheduleTables(AccountsTable Accounts, ScheduleTable Schedule, ScheduleValidator Validator, HandoverHistory History, TimeProvider Time)
{
    /// <summary>The production table names: the CLI works on a deployment's tables, not a test's.</summary>
    public static ScheduleTables Create(TableServiceClient client, TimeProvider time)
    {
        var names = Options.Create(StorageNames.Default);
        var validator = ScheduleValidator.Create(time: time);
        return new(new AccountsTable(client, names, Options.Create(validator.Options)), new ScheduleTable(client, names, validator), validator, new HandoverHistory(client, names), time);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Accounts.EnsureCreatedAsync(cancellationToken);
        await Schedule.EnsureCreatedAsync(cancellationToken);
    }

    /// <summary>Every problem in both tables (or one account's rows), the tweets' included: what `rotation schedule validate` reports.</summary>
    public Task<ScheduleReport> ReadAsync(string? accountId, CancellationToken cancellationToken) =>
        new HandoverChecks(Accounts, Schedule, History, Time).ReadAsync(accountId, cancellationToken);

    /// <summary>Rows not written yet checked as `rotation schedule validate` would check them once written.</summary>
    public ScheduleReport Validate(AccountList accounts, IEnumerable<TableEntity> scheduleRows) =>
        HandoverChecks.Check(Validator.Validate(accounts, scheduleRows));
}

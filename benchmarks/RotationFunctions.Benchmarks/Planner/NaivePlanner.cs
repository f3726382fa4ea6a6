using Azure.Data.Tables;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;

namespace RotationFunctions.Benchmarks.Planner;

/// <summary>
/// The baseline planner: every tick reads the whole Accounts, Schedule and Handovers tables,
/// validates everything, and plans the boundaries in the window that have no Handovers row yet
/// (same writes as the real planner: add row, enqueue, record the send).
/// </summary>
internal sealed class NaivePlanner(AccountsTable accounts, ScheduleTable schedule, HandoverStore handovers, HandoverOptions options, TimeProvider time)
{
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = new HashSet<(string, string)>();
        await foreach (var row in handovers.Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            existing.Add((row.PartitionKey, row.RowKey));
        }
        var report = await schedule.ReadAllAsync(await accounts.ListAsync(cancellationToken), null, cancellationToken);
        var planned = 0;
        foreach (var account in report.Accounts.Where(a => a.Account.Enabled))
        {
            foreach (var boundary in account.BoundariesBetween(now - options.CatchUp, now + options.Horizon))
            {
                if (existing.Contains((account.Account.Id, boundary.Key)) || boundary.HeldReason is not null)
                {
                    continue;
                }
                var record = new HandoverRecord { PartitionKey = account.Account.Id, RowKey = boundary.Key, BoundaryAt = boundary.At, PlannedAt = now };
                if (await handovers.TryAddAsync(record, cancellationToken))
                {
                    await handovers.EnqueueAsync(new HandoverMessage(HandoverMessage.CurrentVersion, record.PartitionKey, boundary.At), boundary.At - now, cancellationToken);
                    record.EnqueuedAt = now;
                    await handovers.UpdateAsync(record, cancellationToken);
                    planned++;
                }
            }
        }
        return planned;
    }
}

using System.Globalization;
using System.Text;

namespace RotationFunctions.Benchmarks.Cost;

/// <summary>Measured request counts per operation, the inputs of the monthly model.</summary>
internal sealed record CostInputs(
    IReadOnlyDictionary<int, long> PlannerIdleRequests,
    long PlannerEditWrites,
    double StorageRequestsPerHandover,
    double QueuePollsPerMinute,
    long RotationStorageRequests,
    long RotationVaultRequests,
    long IdleRotationStorageRequests,
    long IdleRotationVaultRequests);

/// <summary>
/// Monthly storage transactions and function executions for a deployment of N accounts: planner
/// every 5 min, rotation every 15 min, one handover per account per week. Prices are the ones we
/// could cite (docs/benchmarks.md); where none was found the cost is not computed.
/// </summary>
internal static class CostModel
{
    public const double HoursPerMonth = 730;
    public const double PlannerTicksPerMonth = HoursPerMonth * 12;
    public const double RotationRunsPerMonth = HoursPerMonth * 4;
    public const double HandoversPerAccountPerMonth = 52.0 / 12;

    /// <summary>A 2 h access token refreshed once it is within the 30 min threshold by a 15 min timer: about every 1.5 h.</summary>
    public const double RotationsPerAccountPerMonth = HoursPerMonth / 1.5;

    public sealed record Row(int Accounts, double PlannerTx, double HandoverTx, double QueuePollTx, double RotationTx, double VaultOps, double Executions);

    public static Row For(int accounts, CostInputs m)
    {
        // The idle tick's count is exact in the number of accounts: one Accounts page per 1,000, two queries per account.
        var plannerPerTick = m.PlannerIdleRequests.TryGetValue(accounts, out var measured)
            ? measured
            : 2.0 * accounts + Math.Ceiling(accounts / 1000.0);
        var handovers = accounts * HandoversPerAccountPerMonth;
        var plannerTx = plannerPerTick * PlannerTicksPerMonth + handovers * m.PlannerEditWrites;
        var handoverTx = handovers * m.StorageRequestsPerHandover;
        var queuePolls = m.QueuePollsPerMinute * 60 * HoursPerMonth;
        var perAccountIdle = Math.Max(0, m.IdleRotationStorageRequests - 1);
        var rotations = accounts * RotationsPerAccountPerMonth;
        var rotationTx = RotationRunsPerMonth * (Math.Ceiling(accounts / 1000.0) + accounts * perAccountIdle) + rotations * m.RotationStorageRequests;
        var vault = RotationRunsPerMonth * accounts * m.IdleRotationVaultRequests + rotations * m.RotationVaultRequests
            + handovers * 2; // the publisher reads the bundle for each post (outro, intro)
        var executions = PlannerTicksPerMonth + RotationRunsPerMonth + handovers;
        return new Row(accounts, plannerTx, handoverTx, queuePolls, rotationTx, vault, executions);
    }

    public static string Markdown(CostInputs m, int[] sizes)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| accounts | planner tx | handover tx | queue polling tx (upper bound) | rotation tx | storage tx total | Key Vault ops | function executions | price |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var n in sizes)
        {
            var r = For(n, m);
            var total = r.PlannerTx + r.HandoverTx + r.QueuePollTx + r.RotationTx;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {n:N0} | {r.PlannerTx:N0} | {r.HandoverTx:N0} | {r.QueuePollTx:N0} | {r.RotationTx:N0} | {total:N0} | {r.VaultOps:N0} | {r.Executions:N0} | not computed: no citable list price found (docs/benchmarks.md) |");
        }
        return sb.ToString();
    }
}

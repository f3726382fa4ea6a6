using System.Globalization;
using System.Text;
using RotationFunctions.Channels.X;
using RotationFunctions.Hosting;

namespace RotationFunctions.Benchmarks.Cost;

/// <summary>Measured request counts per operation, per service: the inputs of the monthly model.</summary>
internal sealed record CostInputs(
    IReadOnlyDictionary<int, RequestCounts> PlannerIdleTick,
    RequestCounts PlanningPerHandover,
    RequestCounts PerHandover,
    double QueuePollsPerMinute,
    RequestCounts PerRotation,
    RequestCounts PerIdleRotationRunOneAccount);

/// <summary>
/// Monthly storage transactions, Key Vault operations, function executions and their price for a
/// deployment of N accounts: planner every 5 min, rotation every 15 min, one handover per account
/// per week. Prices: <see cref="ListPrices"/>.
/// </summary>
internal static class CostModel
{
    public const double HoursPerMonth = 730;
    public const double PlannerTicksPerMonth = HoursPerMonth * 12;
    public const double RotationRunsPerMonth = HoursPerMonth * 4;
    public const double HandoversPerAccountPerMonth = 52.0 / 12;

    /// <summary>Flex Consumption instance memory (infra/main.bicep instanceMemoryMB).</summary>
    public const double InstanceMemoryGb = 2048 / 1024.0;

    /// <summary>A 2 h access token refreshed once it is within the 30 min threshold by a 15 min timer: about every 1.5 h.</summary>
    public const double RotationsPerAccountPerMonth = HoursPerMonth / 1.5;

    public sealed record Row(int Accounts, RequestCounts Planner, RequestCounts Handovers, RequestCounts QueuePolling, RequestCounts Rotation, double Executions)
    {
        public RequestCounts Total => Planner + Handovers + QueuePolling + Rotation;

        public double StoragePrice => ListPrices.Of(Total with { KeyVault = 0 });

        public double KeyVaultPrice => ListPrices.Of(new RequestCounts(0, 0, 0, Total.KeyVault));

        public double ExecutionsPrice => Executions * ListPrices.FlexExecutions.UsdPerUnit;

        public double Price => StoragePrice + KeyVaultPrice + ExecutionsPrice;
    }

    public static Row For(int accounts, CostInputs m)
    {
        // The idle tick's count is exact in the number of accounts: one Accounts page per 1,000, two queries per account.
        var plannerPerTick = m.PlannerIdleTick.TryGetValue(accounts, out var measured)
            ? measured
            : new RequestCounts(2.0 * accounts + Math.Ceiling(accounts / 1000.0), 0, 0, 0);
        var handovers = accounts * HandoversPerAccountPerMonth;
        var planner = plannerPerTick * PlannerTicksPerMonth + m.PlanningPerHandover * handovers;
        var handoverWork = m.PerHandover * handovers;
        var queuePolls = new RequestCounts(0, m.QueuePollsPerMinute * 60 * HoursPerMonth, 0, 0);
        // A run with nothing due reads one Accounts page per 1,000 accounts; the rest of the measured one-account run is per account.
        var perAccountIdle = m.PerIdleRotationRunOneAccount + new RequestCounts(-1, 0, 0, 0);
        var runs = (new RequestCounts(Math.Ceiling(accounts / 1000.0), 0, 0, 0) + perAccountIdle * accounts) * RotationRunsPerMonth;
        var rotation = runs + m.PerRotation * (accounts * RotationsPerAccountPerMonth);
        var executions = PlannerTicksPerMonth + RotationRunsPerMonth + handovers;
        return new Row(accounts, planner, handoverWork, queuePolls, rotation, executions);
    }

    /// <summary>What one account costs a month on Azure, its share of a deployment of <paramref name="accounts"/>, and on X.</summary>
    public static (double Azure, double X) PerAccountMonth(int accounts, CostInputs m, XUsage x) => (For(accounts, m).Price / accounts, x.UsdPerMonth);

    public static string Markdown(CostInputs m, int[] sizes, XUsage? xUsage = null)
    {
        var x = xUsage ?? new XUsage();
        var sb = new StringBuilder();
        sb.AppendLine("| accounts | planner tx | handover tx | queue polling tx (upper bound) | rotation tx | storage tx total | storage $ | Key Vault ops | Key Vault $ | function executions | executions $ | Azure $ / month | X $ / month (assumed use) | total $ / month |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            var r = For(n, m);
            var xPrice = x.UsdPerMonth * n;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {n:N0} | {r.Planner.Storage:N0} | {r.Handovers.Storage:N0} | {r.QueuePolling.Storage:N0} | {r.Rotation.Storage:N0} | {r.Total.Storage:N0} | {r.StoragePrice:0.00} | {r.Total.KeyVault:N0} | {r.KeyVaultPrice:0.00} | {r.Executions:N0} | {r.ExecutionsPrice:0.00} | {r.Price:0.00} | {xPrice:0.00} | **{r.Price + xPrice:0.00}** |");
        }
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"X per account and month, at the assumed use of {XUsage.HandoverPostsPerWeek:0} handover posts, {x.PortalPostsPerWeek:0.#} portal posts and {x.MentionsPerWeek:0.#} mentions a week, {x.LinkShare:P0} of posts with a link: {x.PostsPerMonth:0.#} posts ${x.PostsUsdPerMonth:0.000} + {x.ReadsPerMonth:0.#} post reads (week report, mentions) ${x.ReadsUsdPerMonth:0.000} = **${x.UsdPerMonth:0.00}**. Each post with a link adds ${(double)(XPrices.PostWithLink.Usd - XPrices.Post.Usd):0.000}. Uncertain-outcome look-ups and takedowns are rare and not counted; failed requests are not billed.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Not priced: execution time (GB-s), because durations on Azure were not measured (Azurite's are not theirs). At {InstanceMemoryGb * 1024:0} MB instances and {ListPrices.FlexGbSeconds.UsdPerUnit:0.000000} $/GB-s, each second a planner tick lasts costs {PlannerTicksPerMonth * InstanceMemoryGb * ListPrices.FlexGbSeconds.UsdPerUnit:0.00} $ a month, each second of a rotation run {RotationRunsPerMonth * InstanceMemoryGb * ListPrices.FlexGbSeconds.UsdPerUnit:0.00} $ a month. Free grants are not subtracted.");
        sb.AppendLine();
        sb.AppendLine("Prices used (USD, pay-as-you-go, Standard GPv2 LRS; how firm each is: docs/benchmarks.md):");
        sb.AppendLine();
        foreach (var p in ListPrices.All)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {p.What}: ${p.Usd.ToString("0.######", CultureInfo.InvariantCulture)} {p.Unit}. Source: {p.Source}.");
        }
        foreach (var p in XPrices.All)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- X API {p.What}: ${p.Usd:0.000} {p.Unit}. Source: {XPrices.Source}, read {XPrices.ReadOn} (X keeps current rates in its Developer Console).");
        }
        return sb.ToString();
    }
}

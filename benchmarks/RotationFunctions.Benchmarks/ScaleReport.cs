using System.Globalization;
using System.Text;
using RotationFunctions.Benchmarks.Burst;
using RotationFunctions.Benchmarks.Planner;
using RotationFunctions.Benchmarks.Portal;

namespace RotationFunctions.Benchmarks;

/// <summary>Issue 19's figures (burst, planner history, portal): their latest.json parts and latest.md sections.</summary>
internal static class ScaleReport
{
    /// <summary>The burst goal: p99 ≤ 10 s at 500 accounts on one instance.</summary>
    public const double BurstGoalSeconds = 10;

    public static IReadOnlyDictionary<string, BurstFigures> BurstJson(IReadOnlyList<BurstResult> runs) =>
        runs.Where(r => r.Instances == 1 && !r.Tuned).ToDictionary(
            r => r.Accounts.ToString(CultureInfo.InvariantCulture),
            r =>
            {
                var multi = runs.Where(m => m.Accounts == r.Accounts && m.Instances > 1 && !m.Tuned).MaxBy(m => m.Instances);
                return new BurstFigures(
                    R(Stats.Percentile(r.Delays, 50)), R(Stats.Percentile(r.Delays, 95)), R(Stats.Percentile(r.Delays, 99)), R(Last(r)),
                    r.Instances, R(r.AzuriteSeconds),
                    multi?.Instances, multi is null ? null : R(Stats.Percentile(multi.Delays, 99)), multi is null ? null : R(Last(multi)));
            });

    public static IReadOnlyDictionary<string, PlannerHistoryFigures> HistoryJson(IReadOnlyList<PlannerHistoryResult> runs) =>
        runs.ToDictionary(
            r => r.Accounts.ToString(CultureInfo.InvariantCulture),
            r => new PlannerHistoryFigures(R(r.Years1.Bytes / 1024.0), R(r.Years5.Bytes / 1024.0), r.Years1.Requests, r.Years5.Requests));

    public static PortalFigures? PortalJson(PortalResult? portal) => portal is null ? null : new PortalFigures(
        R(Stats.Percentile(portal.PostSeconds, 50)), R(Stats.Percentile(portal.PostSeconds, 99)),
        portal.PageBytes.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => R(p.Value / 1024.0)));

    /// <summary>Whether the two idle ticks read the same within 10 %, asked in requests and in bytes.</summary>
    public static bool FlatInHistory(PlannerHistoryResult r) =>
        r.Years1.Requests == r.Years5.Requests && Math.Abs(r.Years5.Bytes - r.Years1.Bytes) <= 0.10 * r.Years1.Bytes;

    public static string Markdown(IReadOnlyList<BurstResult> burst, IReadOnlyList<PlannerHistoryResult> history, PortalResult? portal)
    {
        var md = new StringBuilder();
        if (burst.Count > 0)
        {
            var q = burst[0].Queues;
            md.AppendLine("## Burst: every account hands over on Monday 08:00");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"N accounts, one boundary (Monday 30 Nov 2026 08:00 Stockholm on a real clock moved by an offset), each an outro and an intro; one planner tick, then I instances, each a separate OS process running the queue trigger as host.json says (batchSize {q.BatchSize} + newBatchThreshold {q.NewBatchThreshold}: up to {q.MaxInFlight} messages at once per instance, maxPollingInterval {q.MaxPollingInterval.TotalSeconds:0} s). The X stand-in enforces 100 posts / 15 min per user, 2,400 / 24 h per user and 10,000 / 24 h per app. Delay = X's CreatedAt of the intro − the boundary. **latest.json's `burst` p50/p95/p99/last are the 1-instance rows with host.json's settings**; `multi_*` the {burst.Max(b => b.Instances)}-instance rows. A row with other queue settings (marked tuned) tries what would reach the goal; it is not what is deployed. Azurite s = storage requests × Azurite's time per request measured alone after the run: the part of the time that is the emulator's single Node.js thread, not ours. Mean handover = time in the processor per message (received → handled, with the others running beside it); N ÷ slots × handover = the last intro if every instance kept all its slots busy: close to the last, the concurrency limit is what sets it.");
            md.AppendLine();
            md.AppendLine("| accounts | instances | batchSize + newBatchThreshold | first s | p50 s | p95 s | p99 s | last s | missing | duplicate intros | processed / failed / deferred by X | mean handover s | N ÷ slots × handover s | storage requests | Azurite ms/request | Azurite s | Azurite share of last | lead s |");
            md.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in burst)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Accounts:N0} | {r.Instances} | {r.Queues.BatchSize} + {r.Queues.NewBatchThreshold}{(r.Tuned ? " (tuned)" : "")} | {(r.Delays.Count > 0 ? r.Delays.Min() : double.NaN):0.00} | {Stats.Percentile(r.Delays, 50):0.00} | {Stats.Percentile(r.Delays, 95):0.00} | {Stats.Percentile(r.Delays, 99):0.00} | {Last(r):0.00} | {r.Missing} | {r.DuplicateIntros} | {r.Processed} / {r.Failed} / {r.Deferred} | {r.MeanHandoverSeconds:0.000} | {r.SlotBoundSeconds:0.0} | {r.Requests.Storage:N0} | {r.AzuriteMsPerRequest:0.00} | {r.AzuriteSeconds:0.0} | {Stats.Ratio(r.AzuriteSeconds, Last(r)):P0} | {r.LeadSeconds:0.0} |");
            }
            md.AppendLine();
            if (burst.Any(r => r.LeadSeconds < 0))
            {
                md.AppendLine("**The boundary passed before the planner tick ended in a run with a negative lead**: its first messages were late before any instance saw them, so its delays include planning. Rerun on a quieter machine.");
                md.AppendLine();
            }
            var goal = burst.Where(r => r.Instances == 1 && !r.Tuned).MaxBy(r => r.Accounts);
            if (goal is not null)
            {
                var p99 = Stats.Percentile(goal.Delays, 99);
                md.AppendLine(CultureInfo.InvariantCulture, $"Goal p99 ≤ {BurstGoalSeconds:0} s at {goal.Accounts:N0} accounts on one instance: **{(p99 <= BurstGoalSeconds && goal.Missing == 0 && goal.DuplicateIntros == 0 ? "met" : "not met")}** ({p99:0.00} s; {goal.Requests.Storage / Math.Max(1, goal.Processed):0.0} storage requests per handover, of which Azurite alone needs {goal.AzuriteSeconds:0.0} s for the whole burst; a handover takes {goal.MeanHandoverSeconds:0.000} s with {goal.Queues.MaxInFlight} at once, so {goal.Accounts:N0} handovers need about {goal.SlotBoundSeconds:0.0} s; per handover {goal.Requests.KeyVault / Math.Max(1, goal.Processed):0.0} Key Vault requests and {goal.XPosts / (double)Math.Max(1, goal.Processed):0.0} POST /2/tweets; {goal.XRefreshes} token refreshes in the burst). See docs/benchmarks.md for what it means on Azure.");
                foreach (var tuned in burst.Where(r => r.Tuned && r.Accounts == goal.Accounts))
                {
                    var t99 = Stats.Percentile(tuned.Delays, 99);
                    md.AppendLine(CultureInfo.InvariantCulture, $"With batchSize {tuned.Queues.BatchSize} + newBatchThreshold {tuned.Queues.NewBatchThreshold} ({tuned.Queues.MaxInFlight} at once) on {tuned.Instances} instance: p99 {t99:0.00} s, {(t99 <= BurstGoalSeconds && tuned.Missing == 0 ? "within" : "still over")} the goal.");
                }
                md.AppendLine();
            }
        }
        if (history.Count > 0)
        {
            md.AppendLine("## Planner with years of history (notices planning on)");
            md.AppendLine();
            md.AppendLine("The production tick (Notices:Sender set, so each account's notices are planned from the same reads plus one Notices key-range query). Fresh Azurite per size, clock fixed at 2026-11-28 12:00 UTC. 1 year = 52 weekly slots per account (26 back, 26 ahead) and a first tick that plans everything (the settling ticks after it plan what follows from the rows it wrote: the admins' notice about last Monday's missed handover); then the idle tick; then 4 more years of past slots are added and the idle tick runs again. KiB = response bodies as the SDK pipeline received them (a pipeline policy). Budget = 3N + ⌈N/1000⌉ (issue 15).");
            md.AppendLine();
            md.AppendLine("| accounts | schedule rows 1 y / 5 y | first tick s (req, writes) | settling ticks | idle 1 y: s, req, writes, KiB | idle 5 y: s, req, writes, KiB | budget | flat (±10 %) |");
            md.AppendLine("|---:|---|---|---:|---|---|---:|---|");
            foreach (var r in history)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Accounts:N0} | {r.Years1Rows:N0} / {r.Years5Rows:N0} | {r.First.Seconds:0.00} ({r.First.Requests}, {r.First.Writes}) | {r.SettlingTicks} | {r.Years1.Seconds:0.00}, {r.Years1.Requests}, {r.Years1.Writes}, {r.Years1.Bytes / 1024.0:0.0} | {r.Years5.Seconds:0.00}, {r.Years5.Requests}, {r.Years5.Writes}, {r.Years5.Bytes / 1024.0:0.0} | {r.Budget} | {(FlatInHistory(r) ? "yes" : "NO")} |");
            }
            md.AppendLine();
            foreach (var r in history)
            {
                var ok = FlatInHistory(r) && r.Years5.Requests <= r.Budget && r.Years1.Requests <= r.Budget && r.Years1.Writes == 0 && r.Years5.Writes == 0;
                md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Accounts:N0} accounts: **{(ok ? "met" : "not met")}**: requests {r.Years1.Requests} → {r.Years5.Requests} (budget {r.Budget}), KiB {r.Years1.Bytes / 1024.0:0.0} → {r.Years5.Bytes / 1024.0:0.0} ({Stats.Ratio(r.Years5.Bytes, r.Years1.Bytes) - 1:+0.0%;-0.0%;0%}), writes {r.Years1.Writes} and {r.Years5.Writes}. The idle tick's time grows with history only on Azurite, which scans the whole table per query (docs/benchmarks.md).");
            }
            md.AppendLine();
        }
        if (portal is not null)
        {
            md.AppendLine("## Portal: compose → post accepted by X");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"The portal code on Kestrel as the local host runs it (PortalServer), Azurite, the X stand-in with its post limits. {portal.Curators} curators (one account each) open their personal links, then {portal.Rounds} times all of them check a text and post it at once, with real HTTP requests: session cookie, antiforgery token from the form, Origin and Sec-Fetch-Site as a browser sends them. Post = the POST request sent → the portal's 303 (it answers after X accepted the post). Tweets X holds afterwards: {portal.Tweets} of {portal.Curators * portal.Rounds}.");
            md.AppendLine();
            md.AppendLine("| figure | value |");
            md.AppendLine("|---|---:|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| post p50 / p99 / max (s) | {Stats.Percentile(portal.PostSeconds, 50):0.000} / {Stats.Percentile(portal.PostSeconds, 99):0.000} / {(portal.PostSeconds.Count > 0 ? portal.PostSeconds.Max() : double.NaN):0.000} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| check p50 / p99 (s) | {Stats.Percentile(portal.CheckSeconds, 50):0.000} / {Stats.Percentile(portal.CheckSeconds, 99):0.000} |");
            foreach (var (page, bytes) in portal.PageBytes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| page `{page}` (KiB, body) | {bytes / 1024.0:0.0} |");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>The last intro's delay; NaN when some never came (the run says how many are missing).</summary>
    public static double Last(BurstResult r) => r.Delays.Count == 0 || r.Missing > 0 ? double.NaN : r.Delays.Max();

    private static double R(double value) => double.IsFinite(value) ? Math.Round(value, 3) : double.NaN;
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RotationFunctions.Benchmarks.Cost;
using RotationFunctions.Benchmarks.Planner;
using RotationFunctions.Benchmarks.Punctuality;
using RotationFunctions.Benchmarks.Tokens;
using RotationFunctions.Hosting;

namespace RotationFunctions.Benchmarks;

/// <summary>Turns the measurements into latest.json (the issue's shape) and latest.md (the table, with ratios).</summary>
internal static class Report
{
    /// <summary>The deployment size whose Azure bill latest.json's per-account cost shares out.</summary>
    private const int CostAtAccounts = 100;

    public static (BenchResults Json, string Markdown) Build(
        BenchOptions options, PunctualityResult punctuality, TokenResult tokens, IReadOnlyList<PlannerSizeResult> planner,
        IReadOnlyList<Burst.BurstResult> burst, IReadOnlyList<PlannerHistoryResult> history, Portal.PortalResult? portal, TimeSpan elapsed)
    {
        var machine = new MachineInfo(Run("uname", "-a"), Environment.ProcessorCount, Run("dotnet", "--version"), AzuriteVersion(), DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var d = punctuality.Delays;
        var b = punctuality.BaselineDelays;
        var p = new PunctualityFigures(
            R(Stats.Percentile(d, 50)), R(Stats.Percentile(d, 95)), R(Stats.Percentile(d, 99)), R(d.Count == 0 ? double.NaN : d.Max()),
            R(Stats.Mean(b)), R(Stats.Percentile(b, 99)));
        var plannerFigures = planner.ToDictionary(
            s => s.Accounts.ToString(CultureInfo.InvariantCulture),
            s => new PlannerFigures(R(s.Idle.Seconds), s.Idle.Requests, s.Idle.Writes, R(s.Edit.Seconds), s.Edit.Requests));
        var t = new TokenFigures(tokens.Rotators, R(tokens.RotationsPerSecond), tokens.LostChains, R(Stats.Percentile(tokens.LeaseWaits, 99)));
        var smallest = planner.Count > 0 ? planner.MinBy(s => s.Accounts) : null;
        var cost = new CostInputs(
            planner.ToDictionary(s => s.Accounts, s => s.Idle.Counts),
            // What planning one new handover adds to a tick: the edit tick minus the idle tick (Handovers add and update, one queue send).
            smallest is null ? new RequestCounts(2, 1, 0, 0) : smallest.Edit.Counts + smallest.Idle.Counts * -1,
            punctuality.RequestsPerHandover,
            punctuality.QueuePollsPerMinuteIdle,
            tokens.RequestsPerRotation,
            tokens.RequestsPerIdleRun);
        var (azurePerAccount, xPerAccount) = CostModel.PerAccountMonth(CostAtAccounts, cost, new XUsage());
        var costFigures = new CostFigures(new Dictionary<string, double> { ["azure"] = Math.Round(azurePerAccount, 4), ["x"] = Math.Round(xPerAccount, 4) }, CostAtAccounts);
        var json = new BenchResults(machine, p, plannerFigures, t, ScaleReport.BurstJson(burst), ScaleReport.HistoryJson(history), ScaleReport.PortalJson(portal), costFigures);

        var md = new StringBuilder();
        md.AppendLine("# Benchmark results (latest run)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {machine.RunAt} by `scripts/bench.sh` in {elapsed.TotalSeconds:0} s. How each figure is measured, and what it does not show: docs/benchmarks.md.");
        md.AppendLine();
        md.AppendLine("Machine:");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- `uname -a`: `{machine.Uname}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- cores: {machine.Cores}; dotnet {machine.Dotnet}; Azurite {machine.Azurite} (in-memory)");
        md.AppendLine();

        md.AppendLine("## Punctuality: boundary → intro accepted by X");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{d.Count} boundaries on the real clock (1 s apart over 3 accounts), planned by one tick, delivered through the Azurite queue by a worker polling like the Functions queue listener (100 ms → 2 s back-off, host.json maxPollingInterval). Baseline: a timer that reads the schedule every minute, {b.Count} boundaries on a 60× clock. Missing intros: {punctuality.Missing}.");
        md.AppendLine();
        md.AppendLine("| figure | queue design (s) | naive 1-min poller (s) | ratio (ours / baseline) |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, q) in new[] { ("p50", 50.0), ("p95", 95.0), ("p99", 99.0) })
        {
            var ours = Stats.Percentile(d, q);
            var naive = Stats.Percentile(b, q);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {ours:0.000} | {naive:0.000} | {Stats.Ratio(ours, naive):0.000} |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| mean | {Stats.Mean(d):0.000} | {Stats.Mean(b):0.000} | {Stats.Ratio(Stats.Mean(d), Stats.Mean(b)):0.000} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| min | {(d.Count > 0 ? d.Min() : double.NaN):0.000} | {(b.Count > 0 ? b.Min() : double.NaN):0.000} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| max | {(d.Count > 0 ? d.Max() : double.NaN):0.000} | {(b.Count > 0 ? b.Max() : double.NaN):0.000} | {Stats.Ratio(d.Count > 0 ? d.Max() : double.NaN, b.Count > 0 ? b.Max() : double.NaN):0.000} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Goal p99 ≤ 5 s: **{(p.P99 <= 5 ? "met" : "not met")}** ({p.P99:0.000} s; baseline mean {p.BaselineMean:0.0} s). {(d.Count > 0 && d.Min() < 0 ? $"{d.Count(x => x < 0)} intros were posted before their boundary (a negative delay): a queue delay has whole-second resolution and the processor waits in-process only up to Handover:MaxEarlyWait." : "No intro was posted before its boundary: a message that becomes visible early (queue delays have whole-second resolution) waits in-process for it (Handover:MaxEarlyWait).")}");
        md.AppendLine();

        md.AppendLine("## Planner: one tick over N accounts");
        md.AppendLine();
        md.AppendLine("Fresh Azurite per size, clock fixed at 2026-11-28 12:00 UTC, PlannerConcurrency 16. Idle = nothing new; edit = after one slot of one account moved. Baseline = a planner that reads the whole Accounts, Schedule and Handovers tables every tick (measured in the same run, same data). Writes = requests other than GET/HEAD.");
        md.AppendLine();
        md.AppendLine("| accounts | slots/account | seed rows | seed s | Azurite ms/query | first tick s (req, writes) | idle tick s | idle req | idle writes | idle KiB read | naive idle s | naive req | naive KiB read | idle s ratio | idle req ratio | edit tick s (req, writes) | naive edit s (req) | edit s ratio |");
        md.AppendLine("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|");
        foreach (var s in planner)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Accounts:N0} | {s.SlotsPerAccount} | {s.SeededRows:N0} | {s.SeedSeconds:0.0} | {s.ScheduleQueryMs:0.0} | {s.First.Seconds:0.000} ({s.First.Requests}, {s.First.Writes}) | {s.Idle.Seconds:0.000} | {s.Idle.Requests} | {s.Idle.Writes} | {s.Idle.Bytes / 1024.0:0} | {s.NaiveIdle.Seconds:0.000} | {s.NaiveIdle.Requests} | {s.NaiveIdle.Bytes / 1024.0:0} | {Stats.Ratio(s.Idle.Seconds, s.NaiveIdle.Seconds):0.00} | {Stats.Ratio(s.Idle.Requests, s.NaiveIdle.Requests):0.00} | {s.Edit.Seconds:0.000} ({s.Edit.Requests}, {s.Edit.Writes}) | {s.NaiveEdit.Seconds:0.000} ({s.NaiveEdit.Requests}) | {Stats.Ratio(s.Edit.Seconds, s.NaiveEdit.Seconds):0.00} |");
        }
        md.AppendLine();
        foreach (var (n, limit) in new[] { (1000, 1.0), (10000, 10.0) })
        {
            var s = planner.FirstOrDefault(x => x.Accounts == n);
            md.AppendLine(s is null
                ? $"- {n:N0} accounts: not run."
                : string.Create(CultureInfo.InvariantCulture, $"- {n:N0} accounts{(s.SlotsPerAccount == 0 ? " (no slots: see docs/benchmarks.md)" : "")}: idle tick {s.Idle.Seconds:0.00} s vs goal < {limit:0} s: **{(s.Idle.Seconds < limit ? "met" : "not met")}**; {s.Idle.Requests} requests = 2 × accounts + ⌈accounts / 1000⌉ Accounts pages: **{(s.Idle.Requests == 2L * n + (n + 999) / 1000 ? "O(accounts), bounded" : "unexpected count")}**; writes {s.Idle.Writes}: **{(s.Idle.Writes == 0 ? "none" : "NOT idle")}**."));
        }
        md.AppendLine();

        md.AppendLine("## Token rotation under contention");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{tokens.Rotators} rotators in {tokens.Processes} OS processes, each rotator in its own DI container (own Blob/Table/Secret clients, HttpClients, locks), force a rotation of one account at the same moment; only Azurite and the stand-ins are shared, and the blob lease (production settings: 60 s lease, 1 s poll) serialises them.");
        md.AppendLine();
        md.AppendLine("| figure | value |");
        md.AppendLine("|---|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| rotators / processes | {tokens.Rotators} / {tokens.Processes} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| rotated / other outcomes | {tokens.Rotated} / {tokens.OtherOutcomes} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| wall time (s) | {tokens.Seconds:0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| rotations per second | {tokens.RotationsPerSecond:0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| baseline: rotations per second, {tokens.BaselineRotations} one after another in one process | {tokens.BaselineRotationsPerSecond:0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ratio (contended / baseline) | {Stats.Ratio(tokens.RotationsPerSecond, tokens.BaselineRotationsPerSecond):0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| refreshes X saw | {tokens.RefreshCount} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| lost chains (spent refresh tokens reused) | {tokens.LostChains} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| chain alive afterwards | {(tokens.ChainAliveAfter ? "yes" : "NO")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| lease wait p50 / p99 / max (s) | {Stats.Percentile(tokens.LeaseWaits, 50):0.00} / {Stats.Percentile(tokens.LeaseWaits, 99):0.00} / {(tokens.LeaseWaits.Count > 0 ? tokens.LeaseWaits.Max() : double.NaN):0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| lease acquire attempts per rotation | {tokens.LeaseAttemptsPerRotation:0.0} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| storage / Key Vault requests, one uncontended rotation | {tokens.RequestsPerRotation.Storage} / {tokens.RequestsPerRotation.KeyVault} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| storage / Key Vault requests, a rotation run with nothing due (1 account) | {tokens.RequestsPerIdleRun.Storage} / {tokens.RequestsPerIdleRun.KeyVault} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Lost chains goal 0: **{(tokens.LostChains == 0 && tokens.ChainAliveAfter ? "met" : "not met")}**. Contended rotations run at {Stats.Ratio(tokens.RotationsPerSecond, tokens.BaselineRotationsPerSecond):0.00}× the uncontended sequential rate: a waiter polls the lease once a second (TokenRotation:LeasePollInterval), so a hand-over between rotators costs up to a second.");
        md.AppendLine();

        md.Append(ScaleReport.Markdown(burst, history, portal));

        md.AppendLine("## Cost model (per month, from the request counts above)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Planner every 5 min ({CostModel.PlannerTicksPerMonth:N0} ticks), rotation every 15 min ({CostModel.RotationRunsPerMonth:N0} runs; a token is refreshed about every 1.5 h), one handover per account per week. Measured per handover: {Describe(punctuality.RequestsPerHandover)} (queue receive/delete, Handovers and schedule reads, step updates, token reads) + planning {Describe(cost.PlanningPerHandover)}. Per rotation: {Describe(tokens.RequestsPerRotation)}; a rotation run with nothing due, one account: {Describe(tokens.RequestsPerIdleRun)}. Queue polling: {punctuality.QueuePollsPerMinuteIdle:0.0} receives/min measured at maxPollingInterval 2 s, counted as if one instance were always up (upper bound; Flex Consumption scales to zero between timer runs).");
        md.AppendLine();
        md.Append(CostModel.Markdown(cost, [1, 100, 10000]));
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Per account and month (latest.json `cost`): Azure ${azurePerAccount:0.0000} (its share of a deployment of {CostAtAccounts:N0} accounts), X ${xPerAccount:0.00} at the assumed use above: X is {Stats.Ratio(xPerAccount, azurePerAccount):0}× Azure.");
        return (json, md.ToString());
    }

    private static string Describe(RequestCounts c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Table:0.#} table, {c.Queue:0.#} queue, {c.Blob:0.#} blob, {c.KeyVault:0.#} Key Vault requests");

    private static double R(double value) => double.IsFinite(value) ? Math.Round(value, 3) : double.NaN;

    private static string AzuriteVersion()
    {
        var path = RotationFunctions.StandIns.Azurite.AzuriteProcess.FindExecutable() is { } exe
            ? Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(exe))!, "azurite", "package.json")
            : null;
        if (path is null || !File.Exists(path))
        {
            return "unknown";
        }
        return JsonNode.Parse(File.ReadAllText(path))?["version"]?.GetValue<string>() ?? "unknown";
    }

    private static string Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

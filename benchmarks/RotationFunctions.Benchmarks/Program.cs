using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RotationFunctions.Benchmarks;
using RotationFunctions.Benchmarks.Burst;
using RotationFunctions.Benchmarks.Planner;
using RotationFunctions.Benchmarks.Portal;
using RotationFunctions.Benchmarks.Punctuality;
using RotationFunctions.Benchmarks.Tokens;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is [RotatorWorker.Command, ..])
{
    return await RotatorWorker.RunAsync(args);
}
if (args is [BurstWorker.Command, ..])
{
    return await BurstWorker.RunAsync(args);
}

var output = new Option<string>("--out") { Description = "Where latest.md and latest.json are written.", DefaultValueFactory = _ => Path.Combine("benchmarks", "results") };
var sizes = new Option<int[]>("--sizes") { Description = "Planner sizes (accounts), comma separated.", DefaultValueFactory = _ => [1, 100, 1000, 10000], CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',')).Select(v => int.Parse(v, CultureInfo.InvariantCulture))] };
var fullYearMax = new Option<int>("--full-year-max") { Description = "Largest planner size seeded with a year of weekly slots; larger sizes get accounts only.", DefaultValueFactory = _ => 1000 };
var boundaries = new Option<int>("--boundaries") { Description = "Boundaries in the punctuality run (one second apart).", DefaultValueFactory = _ => 45 };
var rotators = new Option<int>("--rotators") { Description = "Concurrent token rotators on one account.", DefaultValueFactory = _ => 100 };
var rotatorProcesses = new Option<int>("--rotator-processes") { Description = "OS processes the rotators are spread over.", DefaultValueFactory = _ => 10 };
var burstSizes = new Option<int[]>("--burst-sizes") { Description = "Burst sizes (accounts on one boundary), comma separated.", DefaultValueFactory = _ => [100, 500], CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',')).Select(v => int.Parse(v, CultureInfo.InvariantCulture))] };
var burstInstances = new Option<int>("--burst-instances") { Description = "Instances (OS processes) of the second burst run of each size; the first runs on one.", DefaultValueFactory = _ => 4 };
var burstTuned = new Option<int[]>("--burst-tuned") { Description = "batchSize,newBatchThreshold of an extra 1-instance run at the largest burst size (what would reach the goal); 0,0: none.", DefaultValueFactory = _ => [16, 8], CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',')).Select(v => int.Parse(v, CultureInfo.InvariantCulture))] };
var historySizes = new Option<int[]>("--history-sizes") { Description = "Planner-history sizes (accounts, 1 and 5 years of slots), comma separated.", DefaultValueFactory = _ => [100, 1000], CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',')).Select(v => int.Parse(v, CultureInfo.InvariantCulture))] };
var portalCurators = new Option<int>("--portal-curators") { Description = "Curators posting at once through the portal.", DefaultValueFactory = _ => 20 };
var portalRounds = new Option<int>("--portal-rounds") { Description = "Times every curator posts (the portal allows 10 an hour).", DefaultValueFactory = _ => 5 };
var only = new Option<string[]>("--only") { Description = "Run only these of burst,history,portal and print them (writes no files): for working on one benchmark.", CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(','))] };
var quick = new Option<bool>("--quick") { Description = "1 and 100 accounts, 12 boundaries, 20 rotators in 4 processes, a 20-account burst on 1 and 2 instances, history at 100 accounts, 5 curators twice: about 4 minutes." };
var root = new RootCommand("Benchmarks on real Azurite and the Key Vault / X stand-ins: punctuality, planner cost, token rotation under contention, monthly cost. Writes latest.md and latest.json.")
{
    output, sizes, fullYearMax, boundaries, rotators, rotatorProcesses, burstSizes, burstInstances, burstTuned, historySizes, portalCurators, portalRounds, only, quick,
};
root.SetAction((parse, cancellationToken) =>
{
    var options = new BenchOptions(parse.GetValue(output)!, parse.GetValue(sizes)!, parse.GetValue(fullYearMax), parse.GetValue(boundaries), parse.GetValue(rotators), parse.GetValue(rotatorProcesses))
    {
        BurstSizes = parse.GetValue(burstSizes)!,
        BurstInstances = parse.GetValue(burstInstances),
        BurstTuned = parse.GetValue(burstTuned) is [var batch, var threshold] && batch > 0 ? (batch, threshold) : null,
        HistorySizes = parse.GetValue(historySizes)!,
        PortalCurators = parse.GetValue(portalCurators),
        PortalRounds = parse.GetValue(portalRounds),
        Only = parse.GetValue(only) ?? [],
    };
    if (parse.GetValue(quick))
    {
        options = options with { Sizes = [1, 100], Boundaries = 12, Rotators = 20, RotatorProcesses = 4, BurstSizes = [20], BurstInstances = 2, HistorySizes = [100], PortalCurators = 5, PortalRounds = 2 };
    }
    return RunAsync(options, cancellationToken);
});
return await root.Parse(args).InvokeAsync();

static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
{
    var total = Stopwatch.StartNew();
    using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    cancel.CancelAfter(TimeSpan.FromMinutes(20));
    var ct = cancel.Token;

    void Say(string text) => Console.WriteLine($"[{total.Elapsed:mm\\:ss}] {text}");

    if (options.Only.Length > 0)
    {
        var (b, h, p) = await RunScaleAsync(options, options.Only, Say, ct);
        Console.WriteLine(ScaleReport.Markdown(b, h, p));
        return 0;
    }

    // 1. Punctuality (real clock) and the naive poller baseline.
    PunctualityResult punctuality;
    await using (var azurite = await AzuriteProcess.StartAsync(cancellationToken: ct))
    await using (var x = await XApiStandIn.StartAsync(TimeProvider.System, new XApiStandInOptions { PostLimit = 100_000 }, ct))
    await using (var vault = await KeyVaultStandIn.StartAsync(TimeProvider.System, cancellationToken: ct))
    {
        Say($"punctuality: {options.Boundaries} boundaries, {options.Boundaries} s of real time, then the naive poller (~35 s)");
        punctuality = await new PunctualityBenchmark(azurite.ConnectionString, x, vault, options.Boundaries, 3, TimeSpan.FromSeconds(1)).RunAsync(ct);
    }

    // 2. Token rotation under contention.
    TokenResult tokens;
    await using (var azurite = await AzuriteProcess.StartAsync(cancellationToken: ct))
    await using (var x = await XApiStandIn.StartAsync(TimeProvider.System, cancellationToken: ct))
    await using (var vault = await KeyVaultStandIn.StartAsync(TimeProvider.System, cancellationToken: ct))
    {
        Say($"tokens: {options.Rotators} rotators in {options.RotatorProcesses} processes on one account");
        tokens = await new TokenContentionBenchmark(azurite.ConnectionString, x, vault, options.Rotators, options.RotatorProcesses).RunAsync(ct);
    }

    // 3. Planner cost per number of accounts, each size on a fresh Azurite.
    var planner = new List<PlannerSizeResult>();
    foreach (var size in options.Sizes)
    {
        var fullYear = size <= options.FullYearMax;
        Say($"planner: {size:N0} accounts ({(fullYear ? "a year of weekly slots each" : "no slots: request pattern only")})");
        planner.Add(await PlannerBenchmark.RunAsync(size, fullYear, seedParallelism: 8, ct));
        var p = planner[^1];
        Say($"  seeded {p.SeededRows:N0} rows in {p.SeedSeconds:0.0} s; idle tick {p.Idle.Seconds:0.000} s / {p.Idle.Requests} requests; naive {p.NaiveIdle.Seconds:0.000} s / {p.NaiveIdle.Requests} requests");
    }

    var (burst, history, portal) = await RunScaleAsync(options, ["burst", "history", "portal"], Say, ct);

    var results = Report.Build(options, punctuality, tokens, planner, burst, history, portal, total.Elapsed);
    Directory.CreateDirectory(options.OutputDirectory);
    await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "latest.json"), ResultsJson.Serialize(results.Json), ct);
    await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "latest.md"), results.Markdown, ct);
    Console.WriteLine();
    Console.WriteLine(results.Markdown);
    Say($"done; wrote {Path.Combine(options.OutputDirectory, "latest.md")} and latest.json");
    return 0;
}

// Issue 19: the Monday burst, the planner with years of history, the portal under 20 curators.
static async Task<(List<BurstResult> Burst, List<PlannerHistoryResult> History, PortalResult? Portal)> RunScaleAsync(
    BenchOptions options, string[] which, Action<string> say, CancellationToken ct)
{
    var burst = new List<BurstResult>();
    if (which.Contains("burst"))
    {
        foreach (var size in options.BurstSizes)
        {
            foreach (var instances in options.BurstInstances > 1 ? new[] { 1, options.BurstInstances } : [1])
            {
                say($"burst: {size:N0} accounts on Monday 08:00, {instances} instance(s)");
                burst.Add(await BurstBenchmark.RunAsync(size, instances, null, ct));
                Summarise(burst[^1]);
            }
        }
        if (options.BurstTuned is { } tuned && options.BurstSizes.Length > 0)
        {
            var size = options.BurstSizes.Max();
            say($"burst: {size:N0} accounts, 1 instance, batchSize {tuned.BatchSize} + newBatchThreshold {tuned.NewBatchThreshold} (tuned, not host.json's)");
            burst.Add(await BurstBenchmark.RunAsync(size, 1, HostQueueSettings.FromHostJson() with { BatchSize = tuned.BatchSize, NewBatchThreshold = tuned.NewBatchThreshold }, ct));
            Summarise(burst[^1]);
        }
    }
    void Summarise(BurstResult r) =>
        say($"  p50 {Stats.Percentile(r.Delays, 50):0.00} s, p99 {Stats.Percentile(r.Delays, 99):0.00} s, last {ScaleReport.Last(r):0.00} s, missing {r.Missing}; {r.Requests.Storage:N0} storage requests, Azurite {r.AzuriteMsPerRequest:0.00} ms each");

    var history = new List<PlannerHistoryResult>();
    if (which.Contains("history"))
    {
        foreach (var size in options.HistorySizes)
        {
            say($"planner history: {size:N0} accounts, 1 then 5 years of weekly slots, notices on");
            history.Add(await PlannerHistoryBenchmark.RunAsync(size, seedParallelism: 8, ct));
            var h = history[^1];
            say($"  idle tick 1 y: {h.Years1.Requests} requests, {h.Years1.Bytes / 1024.0:0.0} KiB, {h.Years1.Seconds:0.0} s; 5 y: {h.Years5.Requests} requests, {h.Years5.Bytes / 1024.0:0.0} KiB, {h.Years5.Seconds:0.0} s");
        }
    }
    PortalResult? portal = null;
    if (which.Contains("portal"))
    {
        say($"portal: {options.PortalCurators} curators posting at once, {options.PortalRounds} rounds");
        portal = await PortalBenchmark.RunAsync(options.PortalCurators, options.PortalRounds, ct);
    }
    return (burst, history, portal);
}

internal sealed record BenchOptions(string OutputDirectory, int[] Sizes, int FullYearMax, int Boundaries, int Rotators, int RotatorProcesses)
{
    public int[] BurstSizes { get; init; } = [100, 500];
    public int BurstInstances { get; init; } = 4;
    public (int BatchSize, int NewBatchThreshold)? BurstTuned { get; init; } = (16, 8);
    public int[] HistorySizes { get; init; } = [100, 1000];
    public int PortalCurators { get; init; } = 20;
    public int PortalRounds { get; init; } = 5;
    public string[] Only { get; init; } = [];
}

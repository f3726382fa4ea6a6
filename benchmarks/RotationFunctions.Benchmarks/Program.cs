using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RotationFunctions.Benchmarks;
using RotationFunctions.Benchmarks.Planner;
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

var output = new Option<string>("--out") { Description = "Where latest.md and latest.json are written.", DefaultValueFactory = _ => Path.Combine("benchmarks", "results") };
var sizes = new Option<int[]>("--sizes") { Description = "Planner sizes (accounts), comma separated.", DefaultValueFactory = _ => [1, 100, 1000, 10000], CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',')).Select(v => int.Parse(v, CultureInfo.InvariantCulture))] };
var fullYearMax = new Option<int>("--full-year-max") { Description = "Largest planner size seeded with a year of weekly slots; larger sizes get accounts only.", DefaultValueFactory = _ => 1000 };
var boundaries = new Option<int>("--boundaries") { Description = "Boundaries in the punctuality run (one second apart).", DefaultValueFactory = _ => 45 };
var rotators = new Option<int>("--rotators") { Description = "Concurrent token rotators on one account.", DefaultValueFactory = _ => 100 };
var rotatorProcesses = new Option<int>("--rotator-processes") { Description = "OS processes the rotators are spread over.", DefaultValueFactory = _ => 10 };
var quick = new Option<bool>("--quick") { Description = "1 and 100 accounts, 12 boundaries, 20 rotators in 4 processes: about 1.5 minutes." };
var root = new RootCommand("Benchmarks on real Azurite and the Key Vault / X stand-ins: punctuality, planner cost, token rotation under contention, monthly cost. Writes latest.md and latest.json.")
{
    output, sizes, fullYearMax, boundaries, rotators, rotatorProcesses, quick,
};
root.SetAction((parse, cancellationToken) =>
{
    var options = new BenchOptions(parse.GetValue(output)!, parse.GetValue(sizes)!, parse.GetValue(fullYearMax), parse.GetValue(boundaries), parse.GetValue(rotators), parse.GetValue(rotatorProcesses));
    if (parse.GetValue(quick))
    {
        options = options with { Sizes = [1, 100], Boundaries = 12, Rotators = 20, RotatorProcesses = 4 };
    }
    return RunAsync(options, cancellationToken);
});
return await root.Parse(args).InvokeAsync();

static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
{
    var total = Stopwatch.StartNew();
    using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    cancel.CancelAfter(TimeSpan.FromMinutes(9));
    var ct = cancel.Token;

    void Say(string text) => Console.WriteLine($"[{total.Elapsed:mm\\:ss}] {text}");

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

    var results = Report.Build(options, punctuality, tokens, planner, total.Elapsed);
    Directory.CreateDirectory(options.OutputDirectory);
    await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "latest.json"), ResultsJson.Serialize(results.Json), ct);
    await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "latest.md"), results.Markdown, ct);
    Console.WriteLine();
    Console.WriteLine(results.Markdown);
    Say($"done; wrote {Path.Combine(options.OutputDirectory, "latest.md")} and latest.json");
    return 0;
}

internal sealed record BenchOptions(string OutputDirectory, int[] Sizes, int FullYearMax, int Boundaries, int Rotators, int RotatorProcesses);

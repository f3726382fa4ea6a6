using System.Diagnostics;
using System.Globalization;
using RotationFunctions.Benchmarks;
using RotationFunctions.Benchmarks.Cost;
using RotationFunctions.Benchmarks.Planner;
using RotationFunctions.Benchmarks.Punctuality;
using RotationFunctions.Benchmarks.Tokens;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;

// Usage: RotationFunctions.Benchmarks [--out DIR] [--quick] [--sizes 1,100,1000,10000] [--full-year-max 1000]
//        [--boundaries 45] [--rotators 100]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
var total = Stopwatch.StartNew();
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(9));
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
    Say($"tokens: {options.Rotators} rotators in separate containers on one account");
    tokens = await new TokenContentionBenchmark(azurite.ConnectionString, x, vault, options.Rotators).RunAsync(ct);
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

internal sealed record BenchOptions(string OutputDirectory, int[] Sizes, int FullYearMax, int Boundaries, int Rotators)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(Path.Combine("benchmarks", "results"), [1, 100, 1000, 10000], 1000, 45, 100);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--out" => o with { OutputDirectory = Next() },
                "--sizes" => o with { Sizes = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--full-year-max" => o with { FullYearMax = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--boundaries" => o with { Boundaries = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rotators" => o with { Rotators = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--quick" => o with { Sizes = [1, 100], Boundaries = 12, Rotators = 20 },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        return o;
    }
}

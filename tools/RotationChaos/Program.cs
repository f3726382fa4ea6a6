using System.Diagnostics;
using System.Globalization;
using RotationFunctions.Chaos;

// rotation-chaos [SEEDS] [--from N] [--workers W] [--weeks W] [--trace]
// Runs seeds from..from+SEEDS-1, prints each invariant violation on one line, then
// "seeds: N, violations: M"; exit code 1 when M > 0.
var seeds = 1000;
var from = 1;
var workers = Math.Clamp(Environment.ProcessorCount, 1, 2);
var trace = false;
var options = new ChaosOptions();
for (var i = 0; i < args.Length; i++)
{
    int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--from": from = Next(); break;
        case "--workers": workers = Next(); break;
        case "--weeks": options = options with { Weeks = Next() }; break;
        case "--trace": trace = true; break;
        case var n when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count): seeds = count; break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: rotation-chaos [SEEDS] [--from N] [--workers W] [--weeks W] [--trace]");
            return 2;
    }
}
options = options with { Trace = trace };

var watch = Stopwatch.StartNew();
var next = from - 1;
var last = from + seeds - 1;
var done = 0;
var violations = 0;
var gate = new object();
Console.WriteLine($"chaos: seeds {from}..{last} on {workers} worker(s), {options.Weeks} weeks each");

await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
{
    ChaosWorld? world = null;
    var runs = 0;
    try
    {
        while (true)
        {
            var seed = Interlocked.Increment(ref next);
            if (seed > last)
            {
                return;
            }
            // A fresh Azurite now and then keeps its in-memory store small.
            if (world is null || runs++ % 250 == 249)
            {
                if (world is not null)
                {
                    await world.DisposeAsync();
                }
                world = await ChaosWorld.StartAsync();
            }
            var result = await ChaosRun.RunAsync(world, seed, options);
            lock (gate)
            {
                done++;
                violations += result.Violations.Count;
                foreach (var v in result.Violations)
                {
                    Console.WriteLine(v);
                }
                if (trace)
                {
                    Console.WriteLine($"  seed {seed}: {result.Elapsed.TotalSeconds:0.0} s, {result.Stats}");
                }
                if (trace && result.Violations.Count > 0)
                {
                    foreach (var line in result.Trace)
                    {
                        Console.WriteLine($"    {line}");
                    }
                }
                if (done % 50 == 0)
                {
                    Console.Error.WriteLine($"... {done}/{seeds} seeds, {violations} violations, {watch.Elapsed.TotalSeconds:0} s");
                }
            }
        }
    }
    finally
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }
})));

Console.WriteLine($"seeds: {done}, violations: {violations} ({watch.Elapsed.TotalSeconds:0} s)");
return violations > 0 ? 1 : 0;

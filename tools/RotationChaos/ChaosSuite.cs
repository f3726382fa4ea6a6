using System.Diagnostics;

namespace RotationFunctions.Chaos;

/// <summary>
/// The chaos suite at scale (rotation-chaos, scripts/chaos.sh): runs seeds from..from+count-1 on a
/// few workers, each on its own <see cref="ChaosWorld"/>; prints each invariant violation on one
/// line, then "seeds: N, violations: M". Exit code 1 when M > 0.
/// </summary>
public static class ChaosSuite
{
    /// <summary>A worker starts a fresh Azurite after this many seeds, which keeps its in-memory store small.</summary>
    private const int SeedsPerWorld = 250;

    public static async Task<int> RunAsync(int count, int from, int workers, ChaosOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var next = from - 1;
        var last = from + count - 1;
        var done = 0;
        var violations = 0;
        var gate = new Lock();
        output.WriteLine($"chaos: seeds {from}..{last} on {workers} worker(s), {options.Weeks} weeks each");

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            ChaosWorld? world = null;
            var runs = 0;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var seed = Interlocked.Increment(ref next);
                    if (seed > last)
                    {
                        return;
                    }
                    if (world is null || runs++ % SeedsPerWorld == SeedsPerWorld - 1)
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
                        Report(result, options.Trace, output);
                        if (done % 50 == 0)
                        {
                            progress.WriteLine($"... {done}/{count} seeds, {violations} violations, {watch.Elapsed.TotalSeconds:0} s");
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
        }, CancellationToken.None)));

        output.WriteLine($"seeds: {done}, violations: {violations} ({watch.Elapsed.TotalSeconds:0} s)");
        return violations > 0 ? 1 : 0;
    }

    /// <summary>A seed's violations; with --trace also its time and counts, and a failing seed's trace.</summary>
    private static void Report(ChaosResult result, bool trace, TextWriter output)
    {
        foreach (var violation in result.Violations)
        {
            output.WriteLine(violation);
        }
        if (!trace)
        {
            return;
        }
        output.WriteLine($"  seed {result.Seed}: {result.Elapsed.TotalSeconds:0.0} s, {result.Stats}");
        if (result.Violations.Count > 0)
        {
            foreach (var line in result.Trace)
            {
                output.WriteLine($"    {line}");
            }
        }
    }
}

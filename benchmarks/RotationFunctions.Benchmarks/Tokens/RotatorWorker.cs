using System.Diagnostics;
using System.Text.Json;
using RotationFunctions.Hosting;
using RotationFunctions.Tokens;

namespace RotationFunctions.Benchmarks.Tokens;

/// <summary>What one rotator in a worker process reports: one line, <c>result {json}</c>, on stdout.</summary>
internal sealed record RotatorReport(string Status, double? LeaseWaitSeconds, int LeaseAttempts)
{
    public const string Prefix = "result ";

    public string ToLine() => Prefix + JsonSerializer.Serialize(this);

    public static RotatorReport? TryParse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<RotatorReport>(line[Prefix.Length..]) : null;
}

/// <summary>
/// The child side of the contention benchmark: a separate OS process holding some of the rotators,
/// each in its own DI container. It warms its clients, prints <c>ready</c>, waits for <c>go</c> on
/// stdin so all processes start together, forces one rotation per rotator and prints a report each.
/// </summary>
internal static class RotatorWorker
{
    public const string Command = "rotator-worker";

    /// <summary>Arguments: storage connection string, X base URL, vault URI, vault certificate SHA-256 (hex), account id, first rotator index, rotator count.</summary>
    public static IReadOnlyList<string> Arguments(string storage, StandInEndpoints standIns, string accountId, int first, int count) =>
        [Command, storage, standIns.XBaseUrl.ToString(), standIns.VaultUri.ToString(), Convert.ToHexString(standIns.VaultCertificateSha256), accountId, $"{first}", $"{count}"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 8)
        {
            await Console.Error.WriteLineAsync($"usage: {Command} <storage> <x-url> <vault-url> <vault-cert-sha256-hex> <account> <first> <count>");
            return 2;
        }
        var storage = args[1];
        var standIns = new StandInEndpoints(new Uri(args[2]), new Uri(args[3]), Convert.FromHexString(args[4]));
        var accountId = args[5];
        var first = int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture);
        var count = int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture);

        var counter = new RequestCounter();
        var probes = Enumerable.Range(0, count).Select(_ => new LeaseProbe()).ToArray();
        var hosts = Enumerable.Range(0, count).Select(i => BenchHost.Create(storage, TimeProvider.System, counter, standIns,
            new Dictionary<string, string?> { ["TokenRotation:InstanceName"] = $"rotator-{first + i:D3}" }, blobPolicy: probes[i])).ToList();
        try
        {
            // Every host reads the vault once first (TLS handshake, clients built), so the race measures leases, not cold starts.
            await Task.WhenAll(hosts.Select(h => h.GetRequiredService<ITokenStore>().GetAsync(accountId, default)));
            Console.WriteLine("ready");
            if (await Console.In.ReadLineAsync() != "go")
            {
                return 3;
            }
            var runs = hosts.Select((h, i) => Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await h.GetRequiredService<TokenRotator>().RotateIfDueAsync(accountId, TokenContentionBenchmark.AlwaysDue, "contention", default);
                var acquired = probes[i].AcquiredAt;
                return new RotatorReport(outcome.Status.ToString(), acquired == 0 ? null : Stopwatch.GetElapsedTime(started, acquired).TotalSeconds, probes[i].Attempts);
            })).ToList();
            foreach (var report in await Task.WhenAll(runs))
            {
                Console.WriteLine(report.ToLine());
            }
            return 0;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Benchmarks.Burst;

/// <summary>What one instance reports when told to stop: one line, <c>result {json}</c>, on stdout.</summary>
internal sealed record BurstWorkerReport(int Processed, int Failed, int Deferred, double HandleSeconds, double Table, double Queue, double Blob, double KeyVault)
{
    public const string Prefix = "result ";

    public RequestCounts Requests => new(Table, Queue, Blob, KeyVault);

    public string ToLine() => Prefix + JsonSerializer.Serialize(this);

    public static BurstWorkerReport? TryParse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<BurstWorkerReport>(line[Prefix.Length..]) : null;
}

/// <summary>
/// The child side of the burst benchmark: one Function App instance as a separate OS process (own clients,
/// HttpClients, locks), running the handover queue trigger concurrently as host.json says. It warms its
/// clients, prints <c>ready</c>, waits for <c>go OFFSET_TICKS</c> (the clock offset that puts the boundary where
/// the parent wants it), processes until <c>stop</c>, and prints its report.
/// </summary>
internal static class BurstWorker
{
    public const string Command = "burst-worker";

    /// <summary>Arguments: storage connection string, X base URL, vault URI, vault certificate SHA-256 (hex), an account id to warm up with, batchSize, newBatchThreshold.</summary>
    public static IReadOnlyList<string> Arguments(string storage, StandInEndpoints standIns, string warmAccount, HostQueueSettings queues) =>
        [Command, storage, standIns.XBaseUrl.ToString(), standIns.VaultUri.ToString(), Convert.ToHexString(standIns.VaultCertificateSha256), warmAccount,
            queues.BatchSize.ToString(CultureInfo.InvariantCulture), queues.NewBatchThreshold.ToString(CultureInfo.InvariantCulture)];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 8)
        {
            await Console.Error.WriteLineAsync($"usage: {Command} <storage> <x-url> <vault-url> <vault-cert-sha256-hex> <warm-account> <batch-size> <new-batch-threshold>");
            return 2;
        }
        var standIns = new StandInEndpoints(new Uri(args[2]), new Uri(args[3]), Convert.FromHexString(args[4]));
        var clock = new OffsetTimeProvider();
        var counter = new RequestCounter();
        await using var host = BenchHost.Create(args[1], clock, counter, standIns, BurstBenchmark.HostSettings);
        var names = host.GetRequiredService<IOptions<StorageNames>>().Value;
        var queue = host.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(names.HandoverQueue);

        // Connections and clients made before the burst: what an instance that is already up has.
        await host.GetRequiredService<ITokenStore>().GetAsync(args[5], default);
        await queue.PeekMessagesAsync(1);
        await BenchHost.Table(host, n => n.HandoversTable).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("warm-up", "warm-up");
        Console.WriteLine("ready");
        if (await Console.In.ReadLineAsync() is not { } go || !go.StartsWith("go ", StringComparison.Ordinal))
        {
            return 3;
        }
        clock.Offset = TimeSpan.FromTicks(long.Parse(go[3..], CultureInfo.InvariantCulture));
        counter.Reset();

        using var stop = new CancellationTokenSource();
        var queues = HostQueueSettings.FromHostJson() with
        {
            BatchSize = int.Parse(args[6], CultureInfo.InvariantCulture),
            NewBatchThreshold = int.Parse(args[7], CultureInfo.InvariantCulture),
        };
        var listener = new ConcurrentQueueListener(queue, queues, host.GetRequiredService<HandoverProcessor>().HandleAsync);
        var run = listener.RunAsync(stop.Token);
        while (await Console.In.ReadLineAsync() is { } line && line != "stop")
        {
        }
        await stop.CancelAsync();
        await run;
        var c = counter.Counts;
        Console.WriteLine(new BurstWorkerReport(listener.Processed, listener.Failed, listener.Deferred, listener.HandleSeconds, c.Table, c.Queue, c.Blob, c.KeyVault).ToLine());
        return 0;
    }
}

using System.Text.Json.Nodes;
using RotationFunctions.Handover;

namespace RotationFunctions.Benchmarks.Burst;

/// <summary>host.json's extensions.queues settings that shape how one instance processes messages concurrently.</summary>
internal sealed record HostQueueSettings(int BatchSize, int NewBatchThreshold, TimeSpan MaxPollingInterval)
{
    /// <summary>
    /// Messages one instance may have in flight: it fetches batchSize, and fetches the next batch only when the messages
    /// still running drop to newBatchThreshold or below ("The maximum number of messages processed in parallel by the job
    /// is NewBatchThreshold plus BatchSize": Microsoft.Azure.WebJobs.Extensions.Storage.Queues 5.3.3, QueuesOptions.BatchSize,
    /// azuresdkdocs.z19.web.core.windows.net/dotnet/Microsoft.Azure.WebJobs.Extensions.Storage.Queues/5.3.3/api/Microsoft.Azure.WebJobs.Host/Microsoft.Azure.WebJobs.Host.QueuesOptions.html).
    /// </summary>
    public int MaxInFlight => BatchSize + NewBatchThreshold;

    /// <summary>The repository's host.json as the core embeds it at build (the file the Function App ships).</summary>
    public static HostQueueSettings FromHostJson()
    {
        using var stream = typeof(QueueTriggerSettings).Assembly.GetManifestResourceStream("host.json")
            ?? throw new InvalidOperationException("host.json is not embedded in RotationFunctions.Core.");
        var queues = JsonNode.Parse(stream)?["extensions"]?["queues"] ?? throw new InvalidOperationException("host.json has no extensions.queues.");
        // Defaults are the extension's own (batchSize 16, newBatchThreshold batchSize / 2, maxPollingInterval 1 min; same page).
        var batch = queues["batchSize"]?.GetValue<int>() ?? 16;
        return new HostQueueSettings(
            batch,
            queues["newBatchThreshold"]?.GetValue<int>() ?? batch / 2,
            queues["maxPollingInterval"] is { } max ? TimeSpan.Parse(max.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.FromMinutes(1));
    }
}

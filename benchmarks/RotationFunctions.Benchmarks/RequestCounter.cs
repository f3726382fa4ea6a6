using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Benchmarks;

/// <summary>The services Azure prices differently.</summary>
internal enum StorageService
{
    Table,
    Queue,
    Blob,
    KeyVault,
}

/// <summary>
/// Counts requests as an Azure SDK pipeline policy sees them (per call, so an SDK retry of the same
/// call is counted once; Azure bills each retry, so this is a lower bound there), in total and per
/// service. A write is any request that is not GET or HEAD (table inserts, updates, batches, queue sends).
/// </summary>
internal sealed class RequestCounter
{
    private readonly long[] _perService = new long[Enum.GetValues<StorageService>().Length];
    private long _writes;
    private long _bytes;

    public T Attach<T>(T options, StorageService service) where T : ClientOptions
    {
        options.AddPolicy(new Policy(this, service), HttpPipelinePosition.PerCall);
        return options;
    }

    public long Total => (long)Counts.Total;
    public long BytesReceived => Interlocked.Read(ref _bytes);
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>The requests so far, per service.</summary>
    public RequestCounts Counts => new(
        Interlocked.Read(ref _perService[(int)StorageService.Table]),
        Interlocked.Read(ref _perService[(int)StorageService.Queue]),
        Interlocked.Read(ref _perService[(int)StorageService.Blob]),
        Interlocked.Read(ref _perService[(int)StorageService.KeyVault]));

    public void Reset()
    {
        Interlocked.Exchange(ref _writes, 0);
        Interlocked.Exchange(ref _bytes, 0);
        for (var i = 0; i < _perService.Length; i++)
        {
            Interlocked.Exchange(ref _perService[i], 0);
        }
    }

    private sealed class Policy(RequestCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            Interlocked.Increment(ref counter._perService[(int)service]);
            var method = message.Request.Method;
            if (method != RequestMethod.Get && method != RequestMethod.Head)
            {
                Interlocked.Increment(ref counter._writes);
            }
        }

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (message.Response.ContentStream is { CanSeek: true } body)
            {
                Interlocked.Add(ref counter._bytes, body.Length);
            }
        }
    }
}

/// <summary>Requests per service: the unit the cost model prices.</summary>
internal readonly record struct RequestCounts(double Table, double Queue, double Blob, double KeyVault)
{
    public static RequestCounts operator +(RequestCounts a, RequestCounts b) =>
        new(a.Table + b.Table, a.Queue + b.Queue, a.Blob + b.Blob, a.KeyVault + b.KeyVault);

    public static RequestCounts operator *(RequestCounts a, double factor) =>
        new(a.Table * factor, a.Queue * factor, a.Blob * factor, a.KeyVault * factor);

    public double Storage => Table + Queue + Blob;

    public double Total => Storage + KeyVault;
}

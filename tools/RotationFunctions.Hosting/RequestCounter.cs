using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Hosting;

/// <summary>
/// Counts requests as an Azure SDK pipeline policy sees them, per service. Per call, so an SDK retry
/// of the same call is counted once (Azure bills each retry: a lower bound there). A write is any
/// request that is not GET or HEAD (table inserts, updates, batches, queue sends). Tests read the
/// requests themselves; the benchmarks' cost model reads the counts and bytes.
/// </summary>
public sealed class RequestCounter
{
    private readonly long[] _perService = new long[Enum.GetValues<AzureService>().Length];
    private readonly List<CountedRequest> _requests = [];
    private long _writes;
    private long _bytes;

    /// <summary>Adds the counting policy to a client's options before the client is made.</summary>
    public T Attach<T>(T options, AzureService service) where T : ClientOptions
    {
        options.AddPolicy(new Policy(this, service), HttpPipelinePosition.PerCall);
        return options;
    }

    public long Total => (long)Counts.Total;
    public long Writes => Interlocked.Read(ref _writes);
    public long BytesReceived => Interlocked.Read(ref _bytes);

    /// <summary>The requests so far, per service.</summary>
    public RequestCounts Counts => new(Read(AzureService.Table), Read(AzureService.Queue), Read(AzureService.Blob), Read(AzureService.KeyVault));

    /// <summary>Every request so far, in the order they were sent.</summary>
    public IReadOnlyList<CountedRequest> Snapshot()
    {
        lock (_requests)
        {
            return [.. _requests];
        }
    }

    public void Reset()
    {
        lock (_requests)
        {
            _requests.Clear();
            Interlocked.Exchange(ref _writes, 0);
            Interlocked.Exchange(ref _bytes, 0);
            for (var i = 0; i < _perService.Length; i++)
            {
                Interlocked.Exchange(ref _perService[i], 0);
            }
        }
    }

    private long Read(AzureService service) => Interlocked.Read(ref _perService[(int)service]);

    private sealed class Policy(RequestCounter counter, AzureService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var method = message.Request.Method;
            lock (counter._requests)
            {
                counter._requests.Add(new CountedRequest(service, method.Method, message.Request.Uri.Path));
                Interlocked.Increment(ref counter._perService[(int)service]);
                if (method != RequestMethod.Get && method != RequestMethod.Head)
                {
                    Interlocked.Increment(ref counter._writes);
                }
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

using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Benchmarks;

/// <summary>
/// Counts storage requests as an Azure SDK pipeline policy sees them (per call, so an SDK retry
/// of the same call is counted once; Azure bills each retry, so this is a lower bound there).
/// A write is any request that is not GET or HEAD (table inserts, updates, batches, queue sends).
/// </summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _total;
    private long _writes;
    private long _bytes;

    public T Attach<T>(T options) where T : ClientOptions
    {
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return options;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _total);
        var method = message.Request.Method;
        if (method != RequestMethod.Get && method != RequestMethod.Head)
        {
            Interlocked.Increment(ref _writes);
        }
    }

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Response.ContentStream is { CanSeek: true } body)
        {
            Interlocked.Add(ref _bytes, body.Length);
        }
    }

    public long Total => Interlocked.Read(ref _total);
    public long BytesReceived => Interlocked.Read(ref _bytes);
    public long Writes => Interlocked.Read(ref _writes);

    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _writes, 0);
        Interlocked.Exchange(ref _bytes, 0);
    }
}

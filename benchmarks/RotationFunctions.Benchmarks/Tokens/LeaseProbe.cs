using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Benchmarks.Tokens;

/// <summary>Records when this host's blob client first got a lease (Lease Blob, action acquire, 201).</summary>
internal sealed class LeaseProbe : HttpPipelineSynchronousPolicy
{
    private long _acquiredAt;
    private int _attempts;

    /// <summary>Stopwatch timestamp of the first granted acquire, or 0.</summary>
    public long AcquiredAt => Interlocked.Read(ref _acquiredAt);

    /// <summary>Acquire requests sent (the first plus every 409 retry).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (!message.Request.Uri.Query.Contains("comp=lease", StringComparison.Ordinal) ||
            !message.Request.Headers.TryGetValue("x-ms-lease-action", out var action) || action != "acquire")
        {
            return;
        }
        Interlocked.Increment(ref _attempts);
        if (message.Response.Status == 201)
        {
            Interlocked.CompareExchange(ref _acquiredAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        }
    }
}

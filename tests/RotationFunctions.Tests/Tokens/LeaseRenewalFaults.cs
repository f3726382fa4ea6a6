using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// On a host's Blob client: once switched on, every lease renewal fails without an answer, as when the
/// network to Storage is gone (a dropped connection) or silent (a request that never returns). Other blob
/// requests (acquire, release) pass.
/// </summary>
internal sealed class LeaseRenewalFaults : HttpPipelinePolicy
{
    private readonly TaskCompletionSource _attempted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _mode;

    /// <summary>"dropped" or "hung"; null passes renewals.</summary>
    public string? Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>Completes once a renewal met the fault.</summary>
    public Task Attempted => _attempted.Task;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (_mode is { } mode && message.Request.Headers.TryGetValue("x-ms-lease-action", out var action) &&
            string.Equals(action, "renew", StringComparison.OrdinalIgnoreCase))
        {
            _attempted.TrySetResult();
            if (mode == "hung")
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, message.CancellationToken);
            }
            throw new HttpRequestException("test: the connection to Storage was reset");
        }
        await ProcessNextAsync(message, pipeline);
    }
}

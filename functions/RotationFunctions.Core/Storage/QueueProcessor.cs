namespace RotationFunctions.Storage;

/// <summary>
/// What both queue triggers (HandOver, SendNotice) do with a delivery: a malformed message is logged and parked in
/// the poison queue at once (retrying cannot fix it), without touching anything else. A failure of the run is thrown
/// so the queue redelivers; on the last delivery (host.json's maxDequeueCount) the message's record is closed as
/// failed first, so the row says why before the runtime moves the message to the poison queue. The last
/// delivery's number is host.json's (HandoverOptions.MaxDequeueCount), read when a delivery fails.
/// </summary>
public abstract class QueueProcessor<TMessage, TOutcome>(Func<int> maxDequeueCount)
    where TMessage : class
{
    /// <summary>Handles one delivery. Throws when a retry may help.</summary>
    public async Task<TOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!TryParse(messageText, out var message, out var reason))
        {
            return await ParkMalformedAsync(messageText, reason!, cancellationToken);
        }
        try
        {
            return await RunAsync(message!, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && dequeueCount >= maxDequeueCount())
        {
            await FailForGoodAsync(message!, e, dequeueCount);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AttemptFailed(message!, e, dequeueCount);
            throw;
        }
    }

    protected abstract bool TryParse(string messageText, out TMessage? message, out string? reason);

    /// <summary>Logs the reason and sends the raw text to the poison queue; returns the Malformed outcome.</summary>
    protected abstract Task<TOutcome> ParkMalformedAsync(string messageText, string reason, CancellationToken cancellationToken);

    protected abstract Task<TOutcome> RunAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>Logs a failed attempt the queue will retry.</summary>
    protected abstract void AttemptFailed(TMessage message, Exception exception, long attempt);

    /// <summary>Logs the last attempt's failure and records it in the message's row (best effort: the log names it).</summary>
    protected abstract Task FailForGoodAsync(TMessage message, Exception exception, long attempts);
}

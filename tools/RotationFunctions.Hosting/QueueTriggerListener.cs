namespace RotationFunctions.Hosting;

/// <summary>
/// The queue trigger's polling for hosts without the Functions runtime, as the runtime's queue
/// listener does it: after a batch it polls again at once; after an empty poll it waits, doubling the
/// wait (randomised a little) from <c>minInterval</c> up to <c>maxInterval</c> (host.json maxPollingInterval).
/// </summary>
public static class QueueTriggerListener
{
    /// <summary>Polls until cancelled. <paramref name="onPolled"/> sees each poll's outcomes (empty: nothing was visible).</summary>
    public static async Task RunAsync<TOutcome>(
        QueueTriggerWorker<TOutcome> worker, TimeSpan minInterval, TimeSpan maxInterval,
        Action<IReadOnlyList<TOutcome?>> onPolled, Action<Exception> onError, CancellationToken cancellationToken)
        where TOutcome : struct
    {
        var delay = minInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var outcomes = await worker.RunOnceAsync(cancellationToken);
                onPolled(outcomes);
                if (outcomes.Count > 0)
                {
                    delay = minInterval;
                    continue;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxInterval.Ticks));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                onError(e);
                delay = maxInterval;
            }
            try
            {
                // Real time, whatever the host's clock: this is about when the queue shows a message.
                await Task.Delay(TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + 0.2 * Random.Shared.NextDouble()))), TimeProvider.System, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

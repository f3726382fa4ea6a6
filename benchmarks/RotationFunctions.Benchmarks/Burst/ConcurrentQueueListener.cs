using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using RotationFunctions.Handover;

namespace RotationFunctions.Benchmarks.Burst;

/// <summary>
/// One instance's queue trigger as the Functions host runs it, concurrently: receive up to batchSize, start each
/// message at once, receive again when the running ones drop to newBatchThreshold (at most batchSize +
/// newBatchThreshold in flight); after an empty receive wait 100 ms doubling up to maxPollingInterval. A message is
/// deleted on success and made visible again after host.json's visibilityTimeout (30 s) on failure, as the host does
/// (RotationFunctions.Hosting's QueueTriggerWorker does the same one at a time; it stays as it is for the other hosts).
/// </summary>
internal sealed class ConcurrentQueueListener(QueueClient queue, HostQueueSettings settings, Func<string, long, CancellationToken, Task<HandoverOutcome>> handle)
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private int _processed;
    private int _failed;
    private int _deferred;
    private long _handleTicks;

    public int Processed => Volatile.Read(ref _processed);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Messages the processor put back to wait for X (a 429: rate limit or 24-hour cap).</summary>
    public int Deferred => Volatile.Read(ref _deferred);

    /// <summary>Seconds spent in the handler, summed over the messages (with the ones running beside it).</summary>
    public double HandleSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _handleTicks)).TotalSeconds;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        var delay = MinPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > settings.NewBatchThreshold)
            {
                // Waits for the in-flight messages to drop to the threshold before the next batch.
                await Task.WhenAny(running);
                continue;
            }
            QueueMessage[] messages;
            try
            {
                messages = await queue.ReceiveMessagesAsync(settings.BatchSize, ProcessingTimeout, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            if (messages.Length > 0)
            {
                running.AddRange(messages.Select(m => Task.Run(() => ProcessAsync(m, cancellationToken), CancellationToken.None)));
                delay = MinPollingInterval;
                continue;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
            try
            {
                await Task.Delay(TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + 0.2 * Random.Shared.NextDouble()))), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var outcome = await handle(message.MessageText, message.DequeueCount, cancellationToken);
            Interlocked.Add(ref _handleTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
            if (outcome == HandoverOutcome.Deferred)
            {
                Interlocked.Increment(ref _deferred);
            }
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            Interlocked.Increment(ref _processed);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            await Console.Error.WriteLineAsync($"burst-worker: a message failed ({e.GetType().Name}); it comes back after {RetryDelay.TotalSeconds:0} s");
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay, cancellationToken: cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the message reappears after ProcessingTimeout, as with the host.
        }
    }
}

using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>
/// The queue trigger's semantics for hosts without the Functions runtime (the local host, chaos,
/// tests, benchmarks): receive, hand over, delete on success; on failure the message comes back
/// after a delay; after MaxDequeueCount deliveries it moves to the poison queue. Like the runtime,
/// it knows the queue by its name (<see cref="StorageNames.HandoverQueue"/>), not through the core's store.
/// </summary>
public sealed class HandoverQueueWorker(
    QueueServiceClient queues, IOptions<StorageNames> names, HandoverProcessor processor, IOptions<HandoverOptions> options, ILogger<HandoverQueueWorker> logger)
{
    private readonly QueueClient _queue = queues.GetQueueClient(names.Value.HandoverQueue);
    private readonly QueueClient _poison = queues.GetQueueClient(names.Value.HandoverPoisonQueue);

    /// <summary>How long a received message stays hidden while it is processed.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed message waits before its next delivery (host.json visibilityTimeout).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives what is visible now and processes it; returns the outcome of each message (null: failed).</summary>
    public async Task<IReadOnlyList<HandoverOutcome?>> RunOnceAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await _queue.ReceiveMessagesAsync(32, ProcessingTimeout, cancellationToken);
        var outcomes = new List<HandoverOutcome?>(messages.Length);
        foreach (var message in messages)
        {
            outcomes.Add(await ProcessAsync(message, cancellationToken));
        }
        return outcomes;
    }

    private async Task<HandoverOutcome?> ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await processor.HandleAsync(message.MessageText, message.DequeueCount, cancellationToken);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the message reappears after ProcessingTimeout and is handled then; nothing is lost.
            throw;
        }
        catch (Exception e)
        {
            if (message.DequeueCount >= options.Value.MaxDequeueCount)
            {
                // As the runtime does: the raw message to "<queue>-poison", never expiring, so nobody loses it.
                await _poison.SendMessageAsync(message.MessageText, null, TimeSpan.FromSeconds(-1), cancellationToken);
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                logger.MovedToPoison(e, message.MessageId, message.DequeueCount);
            }
            else
            {
                var delay = TimeSpan.FromTicks((long)(RetryDelay.Ticks * options.Value.QueueDelayScale));
                await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
            }
            return null;
        }
    }
}

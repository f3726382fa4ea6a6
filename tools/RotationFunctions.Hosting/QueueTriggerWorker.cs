using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;

namespace RotationFunctions.Hosting;

/// <summary>
/// The queue trigger's semantics for hosts without the Functions runtime (the local host, chaos, tests,
/// benchmarks): receive, handle, delete on success; on failure the message comes back after a delay; after
/// host.json's MaxDequeueCount deliveries it moves to "&lt;queue&gt;-poison". Like the runtime, it knows a queue
/// by its name, not through the core's stores. One per queue, told apart by its outcome (<see cref="RotationHost"/>
/// registers both): QueueTriggerWorker&lt;HandoverOutcome&gt; (the HandOver trigger: the handover queue into the
/// HandoverProcessor) and QueueTriggerWorker&lt;NoticeOutcome&gt; (SendNotice: the notice queue into the NoticeProcessor),
/// each with its own poison log event.
/// </summary>
public sealed class QueueTriggerWorker<TOutcome>(
    QueueServiceClient queues,
    string queueName,
    string poisonQueueName,
    IOptions<HandoverOptions> options,
    Func<string, long, CancellationToken, Task<TOutcome>> handle,
    Action<Exception, string, long> movedToPoison)
    where TOutcome : struct
{
    private readonly QueueClient queue = queues.GetQueueClient(queueName);
    private readonly QueueClient poison = queues.GetQueueClient(poisonQueueName);

    /// <summary>The queue it reads.</summary>
    public string QueueName => queueName;

    /// <summary>How long a received message stays hidden while it is processed.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed message waits before its next delivery (host.json visibilityTimeout).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives what is visible now and processes it; returns the outcome of each message (null: failed).</summary>
    public async Task<IReadOnlyList<TOutcome?>> RunOnceAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(32, ProcessingTimeout, cancellationToken);
        var outcomes = new List<TOutcome?>(messages.Length);
        foreach (var message in messages)
        {
            outcomes.Add(await ProcessAsync(message, cancellationToken));
        }
        return outcomes;
    }

    private async Task<TOutcome?> ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await handle(message.MessageText, message.DequeueCount, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
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
                await poison.SendMessageAsync(message.MessageText, null, TimeSpan.FromSeconds(-1), cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                movedToPoison(e, message.MessageId, message.DequeueCount);
            }
            else
            {
                var delay = TimeSpan.FromTicks((long)(RetryDelay.Ticks * options.Value.QueueDelayScale));
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
            }
            return null;
        }
    }
}

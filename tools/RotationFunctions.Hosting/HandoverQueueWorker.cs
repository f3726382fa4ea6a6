using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>The HandOver queue trigger's emulation: the handover queue (<see cref="StorageNames.HandoverQueue"/>) into the <see cref="HandoverProcessor"/>.</summary>
public sealed class HandoverQueueWorker(
    QueueServiceClient queues, IOptions<StorageNames> names, HandoverProcessor processor, IOptions<HandoverOptions> options, ILogger<HandoverQueueWorker> logger)
    : QueueTriggerWorker<HandoverOutcome>(queues.GetQueueClient(names.Value.HandoverQueue), queues.GetQueueClient(names.Value.HandoverPoisonQueue), options)
{
    protected override Task<HandoverOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) =>
        processor.HandleAsync(messageText, dequeueCount, cancellationToken);

    protected override void MovedToPoison(Exception exception, string messageId, long dequeueCount) =>
        logger.MovedToPoison(exception, messageId, dequeueCount);
}

using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>The HandOver queue trigger's emulation: the handover queue (<see cref="StorageNames.HandoverQueue"/>) into the <see cref="HandoverProcessor"/>.</summary>
public sealed class HandoverQueueWorker(
    QueueServiceClient queues, IOptions<StorageNames> names, HandoverProcessor processor, IOptions<HandoverOptions> options, ILogger<HandoverQueueWorker> logger)
    : QueueTriggerWorker<HandoverOutcome>(
        queues, names.Value.HandoverQueue, names.Value.HandoverPoisonQueue, options, processor.HandleAsync, logger.MovedToPoison);

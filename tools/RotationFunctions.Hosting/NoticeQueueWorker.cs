using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Notices;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>The SendNotice queue trigger's emulation: the notice queue (<see cref="StorageNames.NoticeQueue"/>) into the <see cref="NoticeProcessor"/>.</summary>
public sealed class NoticeQueueWorker(
    QueueServiceClient queues, IOptions<StorageNames> names, NoticeProcessor processor, IOptions<HandoverOptions> options, ILogger<NoticeQueueWorker> logger)
    : QueueTriggerWorker<NoticeOutcome>(
        queues, names.Value.NoticeQueue, names.Value.NoticePoisonQueue, options, processor.HandleAsync, logger.NoticeMovedToPoison);

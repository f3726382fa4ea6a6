using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Notices;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>The SendNotice queue trigger's emulation: the notice queue (<see cref="StorageNames.NoticeQueue"/>) into the <see cref="NoticeProcessor"/>.</summary>
public sealed class NoticeQueueWorker(
    QueueServiceClient queues, IOptions<StorageNames> names, NoticeProcessor processor, IOptions<HandoverOptions> options, ILogger<NoticeQueueWorker> logger)
    : QueueTriggerWorker<NoticeOutcome>(queues.GetQueueClient(names.Value.NoticeQueue), queues.GetQueueClient(names.Value.NoticePoisonQueue), options)
{
    protected override Task<NoticeOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) =>
        processor.HandleAsync(messageText, dequeueCount, cancellationToken);

    protected override void MovedToPoison(Exception exception, string messageId, long dequeueCount) =>
        logger.NoticeMovedToPoison(exception, messageId, dequeueCount);
}

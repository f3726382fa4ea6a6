using Azure.Storage.Queues.Models;
using RotationFunctions.Notices;

namespace RotationFunctions.App.Notices;

/// <summary>Queue: sends one notice to a curator or the admins when its message becomes visible at its due time.</summary>
public sealed class SendNotice(NoticeProcessor processor)
{
    [Function(nameof(SendNotice))]
    public Task Run([QueueTrigger("%NoticeQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        processor.HandleAsync(message.MessageText, message.DequeueCount, cancellationToken);
}

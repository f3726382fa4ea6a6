using Azure.Storage.Queues.Models;

namespace RotationFunctions.App.Handover;

/// <summary>Queue: posts one handover's outro and intro when its message becomes visible at the boundary.</summary>
public sealed class HandOver(HandoverProcessor processor)
{
    [Function(nameof(HandOver))]
    public Task Run([QueueTrigger("%HandoverQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken) =>
        processor.HandleAsync(message.MessageText, message.DequeueCount, cancellationToken);
}

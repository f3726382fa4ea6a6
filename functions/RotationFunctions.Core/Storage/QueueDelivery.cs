namespace RotationFunctions.Storage;

/// <summary>Reads a queue message's text into its message; false with the reason when it is malformed.</summary>
public delegate bool QueueMessageParser<TMessage>(string text, out TMessage? message, out string? reason)
    where TMessage : class;

/// <summary>What both queue triggers (HandOver, SendNotice) do first with a delivery.</summary>
public static class QueueDelivery
{
    /// <summary>
    /// The delivery's message, or null when it is malformed: retrying cannot fix that, so it is logged and parked
    /// in the poison queue at once, without touching anything else.
    /// </summary>
    public static async Task<TMessage?> ParseOrPoisonAsync<TMessage>(
        string messageText,
        QueueMessageParser<TMessage> parse,
        Action<string> logMalformed,
        Func<string, CancellationToken, Task> sendToPoison,
        CancellationToken cancellationToken)
        where TMessage : class
    {
        if (parse(messageText, out var message, out var reason))
        {
            return message;
        }
        logMalformed(reason!);
        await sendToPoison(messageText, cancellationToken);
        return null;
    }
}

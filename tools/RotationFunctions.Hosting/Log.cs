namespace RotationFunctions.Hosting;

internal static partial class Log
{
    // The id it had in the core's Handover log, before the worker moved here: the handover events' range.
    [LoggerMessage(EventId = 1113, EventName = "HandoverMovedToPoison", Level = LogLevel.Error, Message = "Queue message {MessageId} failed {DequeueCount} times and moved to the poison queue")]
    public static partial void MovedToPoison(this ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 6012, EventName = "NoticeMovedToPoison", Level = LogLevel.Error, Message = "Notice queue message {MessageId} failed {DequeueCount} times and moved to the poison queue")]
    public static partial void NoticeMovedToPoison(this ILogger logger, Exception exception, string messageId, long dequeueCount);
}

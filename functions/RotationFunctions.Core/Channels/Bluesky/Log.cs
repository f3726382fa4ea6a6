namespace RotationFunctions.Channels.Bluesky;

internal static partial class Log
{
    [LoggerMessage(EventId = 7001, EventName = "BlueskySessionRefreshed", Level = LogLevel.Information, Message = "Bluesky session of {AccountId} refreshed")]
    public static partial void BlueskySessionRefreshed(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 7002, EventName = "BlueskyChainBroken", Level = LogLevel.Critical, Message = "Bluesky refused the refresh token of {AccountId} ({Error}): sign the account in again")]
    public static partial void BlueskyChainBroken(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 7003, EventName = "BlueskySessionStoreFailed", Level = LogLevel.Critical, Message = "Bluesky issued a new session for {AccountId} but Key Vault did not store it ({Status}): the chain is lost when this process stops")]
    public static partial void BlueskySessionStoreFailed(this ILogger logger, string accountId, int status);

    [LoggerMessage(EventId = 7004, EventName = "BlueskyAppPasswordRemade", Level = LogLevel.Warning, Message = "Bluesky app password '{Name}' of {AccountId} was made by an earlier attempt whose password never reached Key Vault: it is revoked and made again")]
    public static partial void BlueskyAppPasswordRemade(this ILogger logger, string accountId, string name);

    [LoggerMessage(EventId = 7005, EventName = "BlueskySessionKeptAlive", Level = LogLevel.Information, Message = "Bluesky session of {AccountId} refreshed ahead of time: unused for {Days} days or more")]
    public static partial void BlueskySessionKeptAlive(this ILogger logger, string accountId, int days);

    [LoggerMessage(EventId = 7006, EventName = "BlueskyKeepAliveFailed", Level = LogLevel.Error, Message = "Bluesky session of {AccountId} could not be kept alive ({Kind}): tried again in a day")]
    public static partial void BlueskyKeepAliveFailed(this ILogger logger, string accountId, string kind);
}

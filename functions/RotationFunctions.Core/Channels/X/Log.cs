namespace RotationFunctions.Channels.X;

/// <summary>X client log messages. None takes a token or a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, EventName = "XTweetPosted", Level = LogLevel.Information, Message = "Posted tweet {TweetId} as account {AccountId}")]
    public static partial void Posted(this ILogger logger, string accountId, string tweetId);

    [LoggerMessage(EventId = 4002, EventName = "XTweetDuplicate", Level = LogLevel.Information,
        Message = "X says account {AccountId} already posted this text (duplicate content): existing tweet {TweetId}")]
    public static partial void Duplicate(this ILogger logger, string accountId, string tweetId);

    [LoggerMessage(EventId = 4003, EventName = "XRefreshingAfterUnauthorized", Level = LogLevel.Warning,
        Message = "X answered 401 to account {AccountId}'s access token: refreshing once and retrying")]
    public static partial void RefreshingAfterUnauthorized(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 4004, EventName = "XWaitingForRateLimit", Level = LogLevel.Warning,
        Message = "X rate-limited account {AccountId}: waiting {Wait} for the window to reset at {Reset:O}")]
    public static partial void WaitingForRateLimit(this ILogger logger, string accountId, TimeSpan wait, DateTimeOffset? reset);

    [LoggerMessage(EventId = 4007, EventName = "XRecentTweetsLookupFailed", Level = LogLevel.Warning,
        Message = "Reading the recent tweets of account {AccountId} failed: {Error}")]
    public static partial void RecentTweetsLookupFailed(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 4008, EventName = "XHttpRequest", Level = LogLevel.Debug, Message = "X {Method} {Path} answered {Status} in {ElapsedMs:0} ms")]
    public static partial void HttpRequest(this ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 4009, EventName = "XHttpRequestFailed", Level = LogLevel.Debug, Message = "X {Method} {Path} failed ({Error}) after {ElapsedMs:0} ms")]
    public static partial void HttpRequestFailed(this ILogger logger, string method, string path, string error, double elapsedMs);
}

namespace RotationFunctions.Notices;

/// <summary>The notices' events. Ids and kinds only: never an address, a link or a mail's text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, EventName = "NoticePlanned", Level = LogLevel.Information, Message = "Planned notice {NoticeId} ({Kind}) for account {AccountId}, due {DueAt:O}")]
    public static partial void NoticePlanned(this ILogger logger, string accountId, string noticeId, string kind, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 6001, EventName = "NoticeSent", Level = LogLevel.Information, Message = "Sent notice {NoticeId} ({Kind}) for account {AccountId} to {RecipientCount} recipient(s), attempt {Attempt}")]
    public static partial void NoticeSent(this ILogger logger, string accountId, string noticeId, string kind, int recipientCount, int attempt);

    [LoggerMessage(EventId = 6002, EventName = "NoticeMissed", Level = LogLevel.Warning, Message = "Notice {NoticeId} ({Kind}) for account {AccountId} was missed and is not sent late: {Reason}")]
    public static partial void NoticeMissed(this ILogger logger, string accountId, string noticeId, string kind, string reason);

    [LoggerMessage(EventId = 6003, EventName = "NoticeSkipped", Level = LogLevel.Information, Message = "Notice {NoticeId} ({Kind}) for account {AccountId} is not needed any more: {Reason}")]
    public static partial void NoticeSkipped(this ILogger logger, string accountId, string noticeId, string kind, string reason);

    [LoggerMessage(EventId = 6004, EventName = "NoticeFailed", Level = LogLevel.Error, Message = "Notice {NoticeId} ({Kind}) for account {AccountId} failed and is not retried: {Reason}")]
    public static partial void NoticeFailed(this ILogger logger, string accountId, string noticeId, string kind, string reason);

    [LoggerMessage(EventId = 6005, EventName = "NoticeDeferred", Level = LogLevel.Warning, Message = "Notice {NoticeId} ({Kind}) for account {AccountId} could not be sent ({Reason}); tried again in {Wait}")]
    public static partial void NoticeDeferred(this ILogger logger, string accountId, string noticeId, string kind, string reason, TimeSpan wait);

    [LoggerMessage(EventId = 6006, EventName = "NoticeMessageMalformed", Level = LogLevel.Error, Message = "Malformed notice message sent to the poison queue: {Reason}")]
    public static partial void NoticeMalformed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 6007, EventName = "NoticeAttemptFailed", Level = LogLevel.Warning, Message = "Notice {NoticeId} for account {AccountId} attempt {Attempt} failed; the queue retries it")]
    public static partial void NoticeAttemptFailed(this ILogger logger, Exception exception, string accountId, string noticeId, long attempt);

    [LoggerMessage(EventId = 6008, EventName = "NoticeFailedForGood", Level = LogLevel.Error, Message = "Notice {NoticeId} for account {AccountId} failed for good after {Attempts} attempts; its message goes to the poison queue")]
    public static partial void NoticeFailedForGood(this ILogger logger, Exception exception, string accountId, string noticeId, long attempts);

    [LoggerMessage(EventId = 6009, EventName = "NoticeAlreadyFinal", Level = LogLevel.Debug, Message = "Notice {NoticeId} already {Status}; this delivery sends nothing")]
    public static partial void NoticeAlreadyFinal(this ILogger logger, string noticeId, string status);

    [LoggerMessage(EventId = 6010, EventName = "NoticeWaiting", Level = LogLevel.Information, Message = "Notice {NoticeId} waits until {Until:O}: {Reason}")]
    public static partial void NoticeWaiting(this ILogger logger, string noticeId, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 6011, EventName = "NoticeSentAgain", Level = LogLevel.Warning, Message = "Notice {NoticeId} for account {AccountId} is sent again: an earlier attempt began at {SendingAt:O} and never recorded its end (the mail may have gone; it has the same Message-ID)")]
    public static partial void NoticeSentAgain(this ILogger logger, string accountId, string noticeId, DateTimeOffset sendingAt);

    [LoggerMessage(EventId = 6020, EventName = "NoticePostedToTeams", Level = LogLevel.Information, Message = "Posted notice {NoticeId} ({Kind}) for account {AccountId} to the account's Teams webhook")]
    public static partial void NoticePostedToTeams(this ILogger logger, string accountId, string noticeId, string kind);

    [LoggerMessage(EventId = 6021, EventName = "TeamsWebhookRefused", Level = LogLevel.Error, Message = "The Teams webhook of account {AccountId} refused a card with {StatusCode}; it is not retried. Put the workflow's current URL in Key Vault secret {SecretName}, or delete the secret")]
    public static partial void TeamsWebhookRefused(this ILogger logger, string accountId, int statusCode, string secretName);

    [LoggerMessage(EventId = 6022, EventName = "TeamsWebhookSecretInvalid", Level = LogLevel.Error, Message = "Key Vault secret {SecretName} of account {AccountId} is not a webhook URL (http or https); nothing is posted to Teams")]
    public static partial void TeamsWebhookSecretInvalid(this ILogger logger, string accountId, string secretName);

    [LoggerMessage(EventId = 6023, EventName = "NoticeFailureReportedOnTeams", Level = LogLevel.Warning, Message = "Notice {NoticeId} ({Kind}) for account {AccountId} did not reach the admins by e-mail; the failure was posted to the account's Teams webhook")]
    public static partial void NoticeFailureReportedOnTeams(this ILogger logger, string accountId, string noticeId, string kind);

    [LoggerMessage(EventId = 6024, EventName = "TeamsReportFailed", Level = LogLevel.Warning, Message = "Notice {NoticeId} for account {AccountId}: its failure could not be posted to Teams either ({Reason})")]
    public static partial void TeamsReportFailed(this ILogger logger, string accountId, string noticeId, string reason);

    [LoggerMessage(EventId = 6030, EventName = "WeekReportRead", Level = LogLevel.Information, Message = "Week report of account {AccountId}, slot {Slot}: {Measured} post(s) measured on X, {Unreadable} not found there; {Reads} post read(s) billed")]
    public static partial void WeekReportRead(this ILogger logger, string accountId, string slot, int measured, int unreadable, int reads);

    [LoggerMessage(EventId = 6031, EventName = "WeekReportWithoutNumbers", Level = LogLevel.Warning, Message = "Week report of account {AccountId}, slot {Slot}: X's numbers could not be read ({Kind}); the thanks goes without them")]
    public static partial void WeekReportWithoutNumbers(this ILogger logger, string accountId, string slot, string kind);

    [LoggerMessage(EventId = 6032, EventName = "RetentionRun", Level = LogLevel.Information, Message = "Retention for account {AccountId}: curator e-mail addresses removed from {Notices} notice row(s), {Posts} Posts row(s) deleted")]
    public static partial void RetentionRun(this ILogger logger, string accountId, int notices, int posts);

    [LoggerMessage(EventId = 6033, EventName = "RetentionFailed", Level = LogLevel.Warning, Message = "Retention for account {AccountId} failed; the next planner tick tries again")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception, string accountId);

    [LoggerMessage(EventId = 6040, EventName = "AppPasswordSecretNotDeleted", Level = LogLevel.Warning, Message = "Welcome {NoticeId} of account {AccountId} went, but Key Vault did not delete its Bluesky app password secret ({Status}); the secret's expiry ends it")]
    public static partial void AppPasswordSecretNotDeleted(this ILogger logger, string accountId, string noticeId, int status);
}

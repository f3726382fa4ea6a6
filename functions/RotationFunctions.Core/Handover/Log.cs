namespace RotationFunctions.Handover;

internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "HandoverPlanned", Level = LogLevel.Information, Message = "Planned handover {HandoverId} ({Outgoing} → {Incoming}), due in {Delay}")]
    public static partial void Planned(this ILogger logger, string handoverId, string outgoing, string incoming, TimeSpan delay);

    [LoggerMessage(EventId = 1001, EventName = "HandoverMissed", Level = LogLevel.Warning, Message = "Handover {HandoverId} ({Outgoing} → {Incoming}) was missed: its boundary passed more than the catch-up window ago while nothing ran")]
    public static partial void Missed(this ILogger logger, string handoverId, string outgoing, string incoming);

    [LoggerMessage(EventId = 1002, EventName = "HandoverHeld", Level = LogLevel.Error, Message = "Handover {HandoverId} is held: {Reason}. Fix the schedule; it is planned again on the next tick")]
    public static partial void Held(this ILogger logger, string handoverId, string reason);

    [LoggerMessage(EventId = 1003, EventName = "PlannerAccountSkipped", Level = LogLevel.Error, Message = "Account {AccountId} is skipped by the planner: {Reason}")]
    public static partial void AccountSkipped(this ILogger logger, string accountId, string reason);

    [LoggerMessage(EventId = 1005, EventName = "PlannerAccountFailed", Level = LogLevel.Error, Message = "Planning account {AccountId} failed; other accounts go on")]
    public static partial void PlanAccountFailed(this ILogger logger, Exception exception, string accountId);

    [LoggerMessage(EventId = 1006, EventName = "HandoverReenqueued", Level = LogLevel.Information, Message = "Re-enqueued handover {HandoverId}: it was planned but its message was never sent")]
    public static partial void Reenqueued(this ILogger logger, string handoverId);

    [LoggerMessage(EventId = 1100, EventName = "HandoverMessageMalformed", Level = LogLevel.Error, Message = "Malformed handover message sent to the poison queue: {Reason}")]
    public static partial void Malformed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1101, EventName = "HandoverStepPosted", Level = LogLevel.Information, Message = "Handover {HandoverId} posted its {Step} (tweet {TweetId}{Duplicate}): {Text}")]
    public static partial void Posted(this ILogger logger, string handoverId, string step, string? tweetId, string duplicate, string text);

    [LoggerMessage(EventId = 1102, EventName = "HandoverStepSkipped", Level = LogLevel.Information, Message = "Handover {HandoverId} {Step} skipped: {Reason}")]
    public static partial void StepSkipped(this ILogger logger, string handoverId, string step, string reason);

    [LoggerMessage(EventId = 1103, EventName = "HandoverStepBlocked", Level = LogLevel.Error, Message = "Handover {HandoverId} {Step} blocked: {Reason}")]
    public static partial void StepBlocked(this ILogger logger, string handoverId, string step, string reason);

    [LoggerMessage(EventId = 1104, EventName = "HandoverStepDryRun", Level = LogLevel.Information, Message = "Handover {HandoverId} dry run: would post {Step}: {Text}")]
    public static partial void DryRun(this ILogger logger, string handoverId, string step, string text);

    [LoggerMessage(EventId = 1105, EventName = "HandoverObsolete", Level = LogLevel.Information, Message = "Handover {HandoverId} is obsolete: {Reason}")]
    public static partial void Obsolete(this ILogger logger, string handoverId, string reason);

    [LoggerMessage(EventId = 1106, EventName = "HandoverCompleted", Level = LogLevel.Information, Message = "Handover {HandoverId} completed")]
    public static partial void Completed(this ILogger logger, string handoverId);

    [LoggerMessage(EventId = 1107, EventName = "HandoverAlreadyFinal", Level = LogLevel.Debug, Message = "Handover {HandoverId} already {Status}; duplicate delivery ignored")]
    public static partial void AlreadyFinal(this ILogger logger, string handoverId, string status);

    [LoggerMessage(EventId = 1108, EventName = "HandoverNotYetDue", Level = LogLevel.Debug, Message = "Handover {HandoverId} arrived {Early} early; put back until it is due")]
    public static partial void NotYetDue(this ILogger logger, string handoverId, TimeSpan early);

    [LoggerMessage(EventId = 1109, EventName = "HandoverAttemptFailed", Level = LogLevel.Warning, Message = "Handover {HandoverId} attempt {Attempt} failed; the queue retries it")]
    public static partial void AttemptFailed(this ILogger logger, Exception exception, string handoverId, long attempt);

    [LoggerMessage(EventId = 1110, EventName = "HandoverFailedForGood", Level = LogLevel.Error, Message = "Handover {HandoverId} failed for good after {Attempts} attempts; its message goes to the poison queue")]
    public static partial void FailedForGood(this ILogger logger, Exception exception, string handoverId, long attempts);

    [LoggerMessage(EventId = 1111, EventName = "HandoverStepRejected", Level = LogLevel.Error, Message = "Handover {HandoverId} {Step} was refused by X and is not retried: {Reason}")]
    public static partial void StepRejected(this ILogger logger, string handoverId, string step, string reason);

    [LoggerMessage(EventId = 1112, EventName = "HandoverStepClaimed", Level = LogLevel.Information, Message = "Handover {HandoverId} {Step} is being posted by another worker; retry later")]
    public static partial void StepClaimed(this ILogger logger, string handoverId, string step);

    [LoggerMessage(EventId = 1114, EventName = "HandoverMissedLate", Level = LogLevel.Warning, Message = "Handover {HandoverId} ({Outgoing} → {Incoming}) was missed: its message arrived {Late} after the boundary, later than the catch-up window; nothing was posted")]
    public static partial void MissedLate(this ILogger logger, string handoverId, string outgoing, string incoming, TimeSpan late);

    [LoggerMessage(EventId = 1115, EventName = "HandoverDeferred", Level = LogLevel.Warning, Message = "Handover {HandoverId} was {Cause}; it runs again in {Wait}")]
    public static partial void Deferred(this ILogger logger, string handoverId, string cause, TimeSpan wait);

    [LoggerMessage(EventId = 1116, EventName = "HandoverMissedXUnavailable", Level = LogLevel.Error, Message = "Handover {HandoverId} was missed: {Reason}")]
    public static partial void MissedXUnavailable(this ILogger logger, string handoverId, string reason);

    [LoggerMessage(EventId = 1150, EventName = "ScheduleProblem", Level = LogLevel.Warning, Message = "Schedule problem in table {Table}, account {AccountId}, row {Row}, field {Field}: {Problem}. Until it is fixed, the handovers that depend on it are held, blocked or not planned (rotation schedule validate lists every problem)")]
    public static partial void ScheduleProblemReported(this ILogger logger, string accountId, string table, string row, string field, string problem);

    [LoggerMessage(EventId = 1151, EventName = "ScheduleProblemCleared", Level = LogLevel.Information, Message = "Schedule problem gone from table {Table}, account {AccountId}, row {Row}, field {Field}: {Problem}")]
    public static partial void ScheduleProblemCleared(this ILogger logger, string accountId, string table, string row, string field, string problem);

    [LoggerMessage(EventId = 1152, EventName = "PlannerRunFinished", Level = LogLevel.Information, Message = "Planner run finished: {Accounts} accounts, {Planned} planned, {Released} released, {Reenqueued} re-enqueued, {Missed} missed, {Held} held, {Obsolete} obsolete, {FailedAccounts} accounts failed, {ScheduleErrors} schedule errors ({ScheduleErrorsTold} told now)")]
    public static partial void PlannerRunFinished(this ILogger logger, int accounts, int planned, int released, int reenqueued, int missed, int held, int obsolete, int failedAccounts, int scheduleErrors, int scheduleErrorsTold);

    [LoggerMessage(EventId = 1130, EventName = "HandoverWaiting", Level = LogLevel.Information, Message = "Handover {HandoverId} waits until {Until:O}: {Reason}")]
    public static partial void Waiting(this ILogger logger, string handoverId, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 1131, EventName = "HandoverStepClaimOverwritten", Level = LogLevel.Warning, Message = "Handover {HandoverId} {Step} was posted after its claim had passed to another worker; the post is recorded and that claim is void")]
    public static partial void StepClaimOverwritten(this ILogger logger, string handoverId, string step);

    [LoggerMessage(EventId = 1132, EventName = "HandoverStepPostedTwice", Level = LogLevel.Error, Message = "Handover {HandoverId} {Step} is on X twice: tweet {RecordedTweetId} was recorded, tweet {OtherTweetId} was posted too")]
    public static partial void StepPostedTwice(this ILogger logger, string handoverId, string step, string recordedTweetId, string otherTweetId);

    [LoggerMessage(EventId = 1133, EventName = "HandoverStepClaimLost", Level = LogLevel.Warning, Message = "Handover {HandoverId} {Step}: this worker's claim was {How}; it does not post")]
    public static partial void StepClaimLost(this ILogger logger, string handoverId, string step, string how);

    [LoggerMessage(EventId = 1134, EventName = "HandoverStepFoundOnX", Level = LogLevel.Information, Message = "Handover {HandoverId} {Step} was posted by an earlier attempt whose answer was lost: tweet {TweetId}")]
    public static partial void StepFoundOnX(this ILogger logger, string handoverId, string step, string tweetId);

    [LoggerMessage(EventId = 1135, EventName = "HandoverEndedFailed", Level = LogLevel.Error, Message = "Handover {HandoverId} ran every step but ended failed: {Reasons}")]
    public static partial void EndedFailed(this ILogger logger, string handoverId, string reasons);

    [LoggerMessage(EventId = 1120, EventName = "HandoverIntroAwaitsAcceptance", Level = LogLevel.Information, Message = "Handover {HandoverId} intro waits until {Deadline:O}: {Reason}")]
    public static partial void IntroAwaitsAcceptance(this ILogger logger, string handoverId, DateTimeOffset deadline, string reason);

    [LoggerMessage(EventId = 1121, EventName = "HandoverIntroNotAccepted", Level = LogLevel.Warning, Message = "Handover {HandoverId} intro skipped: {Reason}")]
    public static partial void IntroNotAccepted(this ILogger logger, string handoverId, string reason);

    [LoggerMessage(EventId = 1153, EventName = "HandoverChannelWaits", Level = LogLevel.Warning, Message = "Handover {HandoverId} waits on {Channel}: {Reason}; its other channels went on")]
    public static partial void ChannelWaits(this ILogger logger, string handoverId, string channel, string reason);

    [LoggerMessage(EventId = 1154, EventName = "XCreditsExhausted", Level = LogLevel.Error,
        Message = "Handover {HandoverId} of account {AccountId} waits on {Channel}: the developer account's pay-per-use credits are used up (402); an admin must add credits in the developer console before the catch-up window ends")]
    public static partial void CreditsExhausted(this ILogger logger, string accountId, string handoverId, string channel);

    [LoggerMessage(EventId = 1160, EventName = "BlueskyAppPasswordsRevoked", Level = LogLevel.Information, Message = "Handover {HandoverId} revoked {Count} Bluesky app password(s) of curators: {Names}")]
    public static partial void AppPasswordsRevoked(this ILogger logger, string handoverId, int count, string names);

    [LoggerMessage(EventId = 1161, EventName = "BlueskyAppPasswordRevokeFailed", Level = LogLevel.Error, Message = "Handover {HandoverId} could not revoke the outgoing curator's Bluesky app password ({Retry}): {Reason}")]
    public static partial void AppPasswordRevokeFailed(this ILogger logger, string handoverId, string retry, string reason);

    [LoggerMessage(EventId = 1162, EventName = "BlueskyAppPasswordCreated", Level = LogLevel.Information, Message = "Handover {HandoverId} made Bluesky app password '{Name}'; it waits in Key Vault for the welcome notice")]
    public static partial void AppPasswordCreated(this ILogger logger, string handoverId, string name);

    [LoggerMessage(EventId = 1163, EventName = "BlueskyAppPasswordSkipped", Level = LogLevel.Warning, Message = "Handover {HandoverId} made no Bluesky app password: {Reason}")]
    public static partial void AppPasswordSkipped(this ILogger logger, string handoverId, string reason);

    [LoggerMessage(EventId = 1164, EventName = "BlueskyAppPasswordFailed", Level = LogLevel.Error, Message = "Handover {HandoverId} could not make a Bluesky app password for {Curator}: {Reason}")]
    public static partial void AppPasswordFailed(this ILogger logger, string handoverId, string curator, string reason);
}

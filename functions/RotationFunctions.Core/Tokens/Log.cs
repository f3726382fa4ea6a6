namespace RotationFunctions.Tokens;

/// <summary>Token rotation log messages. None takes a token, secret or authorization code.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, EventName = "TokensRotated", Level = LogLevel.Information,
        Message = "Rotated the X tokens of account {AccountId}: Key Vault version {Version}, access token valid until {ExpiresAt:O} ({Reason})")]
    public static partial void Rotated(this ILogger logger, string accountId, string version, DateTimeOffset expiresAt, string reason);

    [LoggerMessage(EventId = 3002, EventName = "TokensNotDue", Level = LogLevel.Debug,
        Message = "X tokens of account {AccountId} are fresh until {ExpiresAt:O} (last rotated by {RotatedBy}): not refreshing")]
    public static partial void NotDue(this ILogger logger, string accountId, DateTimeOffset expiresAt, string rotatedBy);

    [LoggerMessage(EventId = 3021, EventName = "TokensNotDueRecorded", Level = LogLevel.Debug,
        Message = "X tokens of account {AccountId} are fresh until {ExpiresAt:O} as recorded in the Accounts row: not refreshing, Key Vault not read")]
    public static partial void NotDueRecorded(this ILogger logger, string accountId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3003, EventName = "TokensNotAuthorized", Level = LogLevel.Warning,
        Message = "Account {AccountId} has no X tokens in Key Vault: authorize it with: rotation x authorize --account {AccountId}")]
    public static partial void NotAuthorized(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 3004, EventName = "TokenChainSkippedBroken", Level = LogLevel.Warning,
        Message = "Skipping account {AccountId}: its X token chain was marked broken at {BrokenAt:O} ({Reason}). Nothing is retried until an admin runs: rotation x authorize --account {AccountId}")]
    public static partial void SkippingBrokenChain(this ILogger logger, string accountId, string reason, DateTimeOffset? brokenAt);

    [LoggerMessage(EventId = 3005, EventName = "TokenChainBroken", Level = LogLevel.Critical,
        Message = "The X token chain of account {AccountId} is broken: {Reason}. The account can post until its current access token expires, then not at all. " +
                  "Re-authorize it: rotation x authorize --account {AccountId} (the rotation skips the account until then)")]
    public static partial void ChainBroken(this ILogger logger, string accountId, string reason);

    [LoggerMessage(EventId = 3006, EventName = "TokensStoreFailed", Level = LogLevel.Critical,
        Message = "Account {AccountId}: X issued new tokens but Key Vault did not store them ({Error}). The previous refresh token is spent, so the chain is lost. " +
                  "Check that Key Vault is reachable and the app's identity may set secrets, then re-authorize: rotation x authorize --account {AccountId}")]
    public static partial void StoreFailed(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 3007, EventName = "TokensStoreAttemptFailed", Level = LogLevel.Warning,
        Message = "Storing the X tokens of account {AccountId} failed (attempt {Attempt} of {MaxAttempts}: {Error}); retrying in {Delay}")]
    public static partial void StoreAttemptFailed(this ILogger logger, string accountId, int attempt, int maxAttempts, string error, TimeSpan delay);

    [LoggerMessage(EventId = 3008, EventName = "TokensStoredAfterRetries", Level = LogLevel.Information,
        Message = "Stored the X tokens of account {AccountId} on attempt {Attempt}")]
    public static partial void StoredAfterRetries(this ILogger logger, string accountId, int attempt);

    [LoggerMessage(EventId = 3009, EventName = "TokenRefreshFailedTransient", Level = LogLevel.Error,
        Message = "Refreshing the X tokens of account {AccountId} failed: {Error}. If X processed the request the refresh token is spent; the next run will tell")]
    public static partial void RefreshFailedTransient(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 3010, EventName = "TokenRefreshRejected", Level = LogLevel.Error,
        Message = "X refused to refresh the tokens of account {AccountId}: {Error}. Check the client credentials in Key Vault (x-client-id, x-client-secret)")]
    public static partial void RefreshRejected(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 3011, EventName = "TokenRefreshUnfinishedFound", Level = LogLevel.Warning,
        Message = "Account {AccountId}: a token refresh begun by {By} at {StartedAt:O} never stored its result (that process stopped, or lost Key Vault, after its write-ahead)")]
    public static partial void UnfinishedRefreshFound(this ILogger logger, string accountId, string by, DateTimeOffset startedAt);

    [LoggerMessage(EventId = 3012, EventName = "TokensRotatedByOtherMeanwhile", Level = LogLevel.Warning,
        Message = "Account {AccountId}: X refused our refresh token, but {RotatedBy} stored a new bundle meanwhile (our lease had lapsed); using it")]
    public static partial void RotatedByOtherMeanwhile(this ILogger logger, string accountId, string rotatedBy);

    [LoggerMessage(EventId = 3013, EventName = "TokenLeaseTimeout", Level = LogLevel.Error,
        Message = "Gave up waiting {Wait} for the token rotation lease of account {AccountId}")]
    public static partial void LeaseTimeout(this ILogger logger, string accountId, TimeSpan wait);

    [LoggerMessage(EventId = 3014, EventName = "TokenLeaseRenewalFailed", Level = LogLevel.Warning,
        Message = "Renewing the token rotation lease of account {AccountId} failed ({Status}); it counts as lost, another process may take it")]
    public static partial void LeaseRenewalFailed(this ILogger logger, string accountId, string status);

    [LoggerMessage(EventId = 3015, EventName = "TokenLeaseReleaseFailed", Level = LogLevel.Debug,
        Message = "Releasing the token rotation lease of account {AccountId} failed ({Status}); it expires by itself")]
    public static partial void LeaseReleaseFailed(this ILogger logger, string accountId, string status);

    [LoggerMessage(EventId = 3016, EventName = "TokenLeaseLostDuringRotation", Level = LogLevel.Warning,
        Message = "Account {AccountId}: the rotation lease was lost during the rotation; the new bundle is stored")]
    public static partial void LeaseLostDuringRotation(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 3017, EventName = "TokenBookkeepingFailed", Level = LogLevel.Warning,
        Message = "Account {AccountId}: recording the rotation's state in Storage failed ({Status}); the tokens themselves are stored")]
    public static partial void BookkeepingFailed(this ILogger logger, string accountId, int status);

    [LoggerMessage(EventId = 3018, EventName = "TokenAccountRowMissing", Level = LogLevel.Error,
        Message = "Account {AccountId} has no row in the Accounts table: its broken token chain could not be marked there")]
    public static partial void AccountRowMissing(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 3019, EventName = "TokenAccountRotationFailed", Level = LogLevel.Error,
        Message = "Rotating the X tokens of account {AccountId} failed: {Error}; the other accounts go on")]
    public static partial void AccountRotationFailed(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 3020, EventName = "TokenRotationRunFinished", Level = LogLevel.Information,
        Message = "Token rotation run finished after {Elapsed}: {Rotated} rotated, {Skipped} skipped, {Failed} failed, {Deferred} left for the next run")]
    public static partial void RotationRunFinished(this ILogger logger, int rotated, int skipped, int failed, int deferred, TimeSpan elapsed);

    [LoggerMessage(EventId = 3022, EventName = "TokenLeaseLostBeforeRefresh", Level = LogLevel.Warning,
        Message = "Account {AccountId}: the token rotation lease was no longer ours right before the refresh; nothing was spent, the next run tries again")]
    public static partial void LeaseLostBeforeRefresh(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 3023, EventName = "TokenStateChangedMeanwhile", Level = LogLevel.Warning,
        Message = "Account {AccountId}: its token state changed after this worker read it (now: {State}); not recording {Wanted} over it")]
    public static partial void TokenStateChangedMeanwhile(this ILogger logger, string accountId, string state, string wanted);

    [LoggerMessage(EventId = 3024, EventName = "TokenWriteAheadRefused", Level = LogLevel.Error,
        Message = "Account {AccountId}: Key Vault refused the write-ahead, so the refresh token was not used and the account keeps its tokens until Key Vault takes writes again: {Error}")]
    public static partial void WriteAheadRefused(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 3025, EventName = "TokenWriteAheadFailed", Level = LogLevel.Warning,
        Message = "Account {AccountId}: Key Vault did not take the write-ahead ({Error}); the refresh token was not used, the next run tries again")]
    public static partial void WriteAheadFailed(this ILogger logger, string accountId, string error);

    [LoggerMessage(EventId = 3026, EventName = "TokenRefreshOverlapped", Level = LogLevel.Warning,
        Message = "Account {AccountId}: X refused the refresh token, but {By} began a refresh of the same token at {StartedAt:O}, after this one; leaving the chain to its result")]
    public static partial void OtherRefreshMeanwhile(this ILogger logger, string accountId, string by, DateTimeOffset startedAt);

    [LoggerMessage(EventId = 3027, EventName = "TokenRotationStepTimedOut", Level = LogLevel.Warning,
        Message = "Account {AccountId}: Key Vault or Storage did not answer within {Timeout} before the refresh; nothing was spent, the next run tries again")]
    public static partial void StepTimedOut(this ILogger logger, string accountId, TimeSpan timeout);

    [LoggerMessage(EventId = 3028, EventName = "TokenRotationRunBudgetSpent", Level = LogLevel.Warning,
        Message = "Token rotation run: its budget of {Budget} was spent after {Elapsed}; {Deferred} due account(s) left for the next run, the most urgent expiring at {EarliestExpiry:O} (first: {FirstAccounts}). " +
                  "If this repeats, raise TokenRotation__MaxParallelRotations or run the timer more often")]
    public static partial void RunBudgetSpent(this ILogger logger, TimeSpan budget, TimeSpan elapsed, int deferred, DateTimeOffset? earliestExpiry, string firstAccounts);

    [LoggerMessage(EventId = 3029, EventName = "TokenRotationRunStopped", Level = LogLevel.Warning,
        Message = "Token rotation run: the host is stopping after {Elapsed}; {Deferred} due account(s) left for the next run (first: {FirstAccounts}); rotations already past X finished storing")]
    public static partial void RunStopped(this ILogger logger, TimeSpan elapsed, int deferred, string firstAccounts);

    [LoggerMessage(EventId = 3030, EventName = "TokenRotationDeferred", Level = LogLevel.Debug,
        Message = "Account {AccountId}: left for the next rotation run ({Why}); its access token expires at {ExpiresAt:O}")]
    public static partial void RotationDeferred(this ILogger logger, string accountId, string why, DateTimeOffset? expiresAt);
}

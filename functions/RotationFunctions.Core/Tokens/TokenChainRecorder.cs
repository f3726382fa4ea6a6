using RotationFunctions.Schedule;

namespace RotationFunctions.Tokens;

/// <summary>
/// What a rotation records in the account's row once its refresh is over, for <see cref="TokenRotator"/>: the
/// chain ok, or broken. Both writes are conditional on the token state the rotation read under its lease, so a
/// state someone recorded meanwhile is never overwritten. It logs through the rotator's logger, so its events
/// keep the rotator's category.
/// </summary>
internal sealed class TokenChainRecorder(ITokenStore store, TokenStateWriter tokenState, ILogger logger)
{
    /// <summary>
    /// Records the chain ok after a stored rotation. If someone recorded another token state since this worker
    /// read it, ok is still the truth as long as the version this worker stored is the vault's newest; otherwise
    /// whoever wrote after it keeps the row.
    /// </summary>
    public async Task RecordOkAsync(
        string accountId, string why, DateTimeOffset expiresAt, StoredTokenBundle saved, TokenStateSnapshot? expected, CancellationToken cancellationToken)
    {
        if (expected is null)
        {
            return; // No row to record in (the account row was removed); the vault holds the chain.
        }
        if (await tokenState.MarkOkAsync(accountId, why, expiresAt, expected, cancellationToken) != TokenStateWrite.StateChanged)
        {
            return;
        }
        var latest = await store.GetAsync(accountId, cancellationToken);
        var now = await tokenState.ReadAsync(accountId, cancellationToken);
        if (latest?.Version is { } version && string.Equals(version, saved.Version, StringComparison.Ordinal) && now is not null)
        {
            await tokenState.MarkOkAsync(accountId, why, expiresAt, now, cancellationToken);
            return;
        }
        logger.TokenStateChangedMeanwhile(accountId, now?.ToString() ?? "no row", "ok");
    }

    /// <summary>
    /// The chain this worker holds is dead: record it broken, unless someone recorded another token state since
    /// this worker read it (then theirs is newer, and this run only reports what it saw).
    /// </summary>
    public async Task<RotationOutcome> RecordBrokenAsync(
        string accountId, string why, DateTimeOffset? expiresAt, TokenStateSnapshot? expected, CancellationToken cancellationToken)
    {
        try
        {
            var written = expected is null ? TokenStateWrite.RowMissing : await tokenState.MarkBrokenAsync(accountId, why, expected, cancellationToken);
            if (written == TokenStateWrite.StateChanged)
            {
                var now = await tokenState.ReadAsync(accountId, cancellationToken);
                logger.TokenStateChangedMeanwhile(accountId, now?.ToString() ?? "no row", AccountSettings.TokenBroken);
                return new RotationOutcome(accountId, RotationStatus.Failed, expiresAt,
                    $"{why}; but the account's token state changed meanwhile ({now?.ToString() ?? "row removed"}), so it was not recorded as broken over it: the next run reads the new state");
            }
            logger.ChainBroken(accountId, why);
            if (written == TokenStateWrite.RowMissing)
            {
                logger.AccountRowMissing(accountId);
            }
        }
        catch (Exception ex) when (AzureFailures.IsRequestFailure(ex) || ex is OperationCanceledException)
        {
            // Unrecorded, the next run meets X's refusal again and records it then.
            logger.ChainBroken(accountId, why);
            logger.BookkeepingFailed(accountId, AzureFailures.Status(ex));
        }
        return new RotationOutcome(accountId, RotationStatus.ChainBroken, expiresAt, why);
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;

namespace RotationFunctions.Tokens;

/// <summary>
/// The single-flight refresher. Per account, in-process (semaphore) and across processes (blob lease):
/// re-read the bundle under the lease, refresh only if it still needs it, store the new bundle as a new
/// secret version. The rotation timer and a publisher that met a 401 both come through here.
/// </summary>
public sealed class TokenRotator(
    ITokenStore store,
    AccountsTable accounts,
    TokenStateWriter tokenState,
    TokenLeases leases,
    TokenLocks locks,
    ITokenEndpoint oauth,
    IOptions<TokenRotationOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenRotator> logger)
{
    /// <summary>
    /// Refreshes the account's tokens if the access token expires within <paramref name="threshold"/>.
    /// <paramref name="knownDue"/>: the caller already knows the token is due (the account row's recorded
    /// expiry), so the bundle is read once, under the lease, instead of also before it.
    /// </summary>
    public async Task<RotationOutcome> RotateIfDueAsync(string accountId, TimeSpan threshold, string reason, CancellationToken cancellationToken, bool knownDue = false)
    {
        // Most runs find the token fresh: answer from the stored bundle, without the lease's blob
        // round trips (the benchmark's cost model showed those dominating a quiet rotation run).
        // A due token still takes the lease and is re-read under it.
        if (!knownDue && await store.GetAsync(accountId, cancellationToken) is { } stored && !stored.Bundle.ExpiresWithin(threshold, timeProvider.GetUtcNow()))
        {
            logger.NotDue(accountId, stored.Bundle.ExpiresAt, stored.RotatedBy ?? "unknown");
            return new RotationOutcome(accountId, RotationStatus.NotDue, stored.Bundle.ExpiresAt, $"access token valid until {stored.Bundle.ExpiresAt:O}");
        }
        return (await RunAsync(accountId, s => s.Bundle.ExpiresWithin(threshold, timeProvider.GetUtcNow()), reason, cancellationToken)).Outcome;
    }

    /// <summary>
    /// X answered 401 to <paramref name="rejectedAccessToken"/>: returns a bundle with another access token,
    /// refreshing only if nobody else already has.
    /// </summary>
    /// <exception cref="TokenUnavailableException">ChainBroken, NotAuthorized or Transient.</exception>
    public async Task<TokenBundle> RefreshRejectedAsync(string accountId, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        var (outcome, bundle) = await RunAsync(
            accountId,
            stored => string.Equals(stored.Bundle.AccessToken, rejectedAccessToken, StringComparison.Ordinal) ||
                      stored.Bundle.ExpiresWithin(TimeSpan.Zero, timeProvider.GetUtcNow()),
            "unauthorized",
            cancellationToken);
        return Usable(outcome, bundle);
    }

    /// <summary>The account's bundle, refreshed first (single flight) if its access token expires within <paramref name="minValidity"/>.</summary>
    /// <exception cref="TokenUnavailableException">ChainBroken, NotAuthorized or Transient.</exception>
    public async Task<TokenBundle> GetValidAsync(string accountId, TimeSpan minValidity, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(accountId, cancellationToken) ?? throw NotAuthorized(accountId);
        if (!stored.Bundle.ExpiresWithin(minValidity, timeProvider.GetUtcNow()))
        {
            return stored.Bundle;
        }
        var (outcome, bundle) = await RunAsync(
            accountId, s => s.Bundle.ExpiresWithin(minValidity, timeProvider.GetUtcNow()), "expired", cancellationToken);
        return Usable(outcome, bundle);
    }

    private static TokenBundle Usable(RotationOutcome outcome, TokenBundle? bundle) => outcome.Status switch
    {
        RotationStatus.Rotated or RotationStatus.NotDue when bundle is not null => bundle,
        RotationStatus.NotAuthorized => throw NotAuthorized(outcome.AccountId),
        RotationStatus.SkippedBroken or RotationStatus.ChainBroken => throw new TokenUnavailableException(TokenFailure.ChainBroken,
            $"The X token chain of account {outcome.AccountId} is broken ({outcome.Detail}). Re-authorize: rotation x authorize --account {outcome.AccountId}"),
        _ => throw new TokenUnavailableException(TokenFailure.Transient, $"Refreshing the X tokens of account {outcome.AccountId} failed: {outcome.Detail}"),
    };

    private static TokenUnavailableException NotAuthorized(string accountId) => new(TokenFailure.NotAuthorized,
        $"Account {accountId} has no X tokens in Key Vault. Authorize it: rotation x authorize --account {accountId}");

    private async Task<(RotationOutcome Outcome, TokenBundle? Bundle)> RunAsync(
        string accountId, Func<StoredTokenBundle, bool> needsRefresh, string reason, CancellationToken cancellationToken)
    {
        if (await BrokenAsync(accountId, cancellationToken) is { } skipped)
        {
            return (skipped, null);
        }

        var gate = locks.For(accountId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            TokenLease lease;
            try
            {
                lease = await leases.AcquireAsync(accountId, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                logger.LeaseTimeout(accountId, options.Value.LeaseWaitTimeout);
                return (new RotationOutcome(accountId, RotationStatus.Failed, null, ex.Message), null);
            }
            await using (lease)
            {
                return await RunUnderLeaseAsync(accountId, lease, needsRefresh, reason, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RotationOutcome?> BrokenAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken);
        return account is { IsChainBroken: true } ? Skipped(accountId, account.TokenStateReason, account.TokenStateAt) : null;
    }

    private RotationOutcome Skipped(string accountId, string? reason, DateTimeOffset? brokenAt)
    {
        logger.SkippingBrokenChain(accountId, reason ?? "no reason recorded", brokenAt);
        return new RotationOutcome(accountId, RotationStatus.SkippedBroken, null,
            $"chain marked broken{(brokenAt is { } at ? $" at {at:O}" : "")}: {reason}; waiting for: rotation x authorize --account {accountId}");
    }

    private async Task<(RotationOutcome Outcome, TokenBundle? Bundle)> RunUnderLeaseAsync(
        string accountId, TokenLease lease, Func<StoredTokenBundle, bool> needsRefresh, string reason, CancellationToken cancellationToken)
    {
        // Someone may have rotated, or marked the chain broken, while we waited for the lease. The token state read
        // here is also what this worker's later writes to the row expect (TokenStateWriter's conditional merges).
        var state = await tokenState.ReadAsync(accountId, cancellationToken);
        if (state is { IsChainBroken: true })
        {
            return (Skipped(accountId, state.Reason, state.StateAt), null);
        }
        var stored = await store.GetAsync(accountId, cancellationToken);
        if (stored is null)
        {
            logger.NotAuthorized(accountId);
            return (new RotationOutcome(accountId, RotationStatus.NotAuthorized, null,
                $"no tokens in Key Vault; authorize: rotation x authorize --account {accountId}"), null);
        }
        if (!needsRefresh(stored))
        {
            logger.NotDue(accountId, stored.Bundle.ExpiresAt, stored.RotatedBy ?? "unknown");
            return (new RotationOutcome(accountId, RotationStatus.NotDue, stored.Bundle.ExpiresAt,
                $"access token valid until {stored.Bundle.ExpiresAt:O}"), stored.Bundle);
        }
        // A write-ahead version this worker finds as the newest: a refresh began and never stored its result.
        var unfinished = stored.InFlight;
        if (unfinished is not null)
        {
            logger.UnfinishedRefreshFound(accountId, unfinished.By, unfinished.StartedAt);
        }

        var credentials = await store.GetClientCredentialsAsync(cancellationToken);
        var by = options.Value.RotatedBy;
        cancellationToken.ThrowIfCancellationRequested();

        // The write-ahead: the same bundle as a new version, marked "refresh in flight". It is the very write the
        // result needs (SetSecret, same attributes), so a vault that would refuse the result (no role, a Deny
        // policy, a deleted name) refuses now, while the refresh token is still unspent. It also leaves the marker
        // that explains X's refusal to the next run if this process dies before storing the result.
        StoredTokenBundle writeAhead;
        try
        {
            writeAhead = await store.BeginRefreshAsync(accountId, stored, by, cancellationToken);
        }
        catch (TokenStoreException ex)
        {
            var detail = $"{ex.Message} Nothing was refreshed: the refresh token was not used and the account keeps its tokens; the next run tries again.";
            if (ex.Refusal is not null)
            {
                logger.WriteAheadRefused(accountId, ex.Message);
            }
            else
            {
                logger.WriteAheadFailed(accountId, ex.Message);
            }
            return (new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt, detail), null);
        }

        // The last moment to stop without spending anything: the lease must still be ours (another holder would
        // refresh the same token), and the host must not be stopping.
        if (!await lease.ConfirmAsync(cancellationToken))
        {
            logger.LeaseLostBeforeRefresh(accountId);
            return (new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt,
                "the rotation lease was lost before the refresh (another process may hold it now); nothing was spent, the next run tries again"), null);
        }
        cancellationToken.ThrowIfCancellationRequested();

        // From here on the refresh token may be spent: no caller cancellation until the new bundle is stored.
        TokenBundle fresh;
        try
        {
            fresh = await oauth.RefreshAsync(stored.Bundle.RefreshToken, credentials, CancellationToken.None);
        }
        catch (TokenEndpointException ex) when (ex.IsInvalidGrant)
        {
            var again = await store.GetAsync(accountId, CancellationToken.None);
            if (again is not null && !string.Equals(again.Bundle.RefreshToken, stored.Bundle.RefreshToken, StringComparison.Ordinal))
            {
                // Our lease lapsed and another process rotated meanwhile: its bundle is the live one.
                logger.RotatedByOtherMeanwhile(accountId, again.RotatedBy ?? "unknown");
                return (new RotationOutcome(accountId, RotationStatus.NotDue, again.Bundle.ExpiresAt, "rotated by another process meanwhile"), again.Bundle);
            }
            if (again?.InFlight is { } other && !string.Equals(again.Version, writeAhead.Version, StringComparison.Ordinal))
            {
                // Another process wrote its own write-ahead after ours and is refreshing the same token: its result decides.
                logger.OtherRefreshMeanwhile(accountId, other.By, other.StartedAt);
                return (new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt,
                    $"X refused the refresh token ({ex.Error}), but {other.By} began a refresh of the same token at {other.StartedAt:O}, after this one: its result decides; the next run reads it"), null);
            }
            var why = unfinished is not null
                ? $"X refused the stored refresh token ({ex.Error}); a refresh begun by {unfinished.By} at {unfinished.StartedAt:O} never stored its result, so that process most likely stopped after X answered and before Key Vault stored the new tokens"
                : $"X refused the stored refresh token ({ex.Error}): it was spent or revoked";
            return (await ChainBrokenAsync(accountId, why, stored.Bundle.ExpiresAt, state), null);
        }
        catch (TokenEndpointException ex)
        {
            // The write-ahead version stays the newest: if X did process the refresh, it explains the next run's refusal.
            if (ex.IsTransient)
            {
                logger.RefreshFailedTransient(accountId, ex.Message);
            }
            else
            {
                logger.RefreshRejected(accountId, ex.Message);
            }
            return (new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt, ex.Message), null);
        }

        StoredTokenBundle saved;
        try
        {
            saved = await store.SaveAsync(accountId, fresh, reason, CancellationToken.None);
        }
        catch (TokenStoreException ex)
        {
            logger.StoreFailed(accountId, ex.Message);
            var why = $"X issued new tokens but Key Vault did not store them ({ex.Message}); the previous refresh token is spent";
            return (await ChainBrokenAsync(accountId, why, null, state), null);
        }

        try
        {
            await RecordOkAsync(accountId, $"rotated ({reason})", fresh.ExpiresAt, saved, state);
        }
        catch (Exception ex) when (AzureFailures.IsRequestFailure(ex))
        {
            // The bundle is stored (and is the newest version, without a marker); the row catches up next time.
            logger.BookkeepingFailed(accountId, AzureFailures.Status(ex));
        }
        if (!lease.IsHeld)
        {
            logger.LeaseLostDuringRotation(accountId);
        }
        logger.Rotated(accountId, saved.Version ?? "unknown", fresh.ExpiresAt, reason);
        return (new RotationOutcome(accountId, RotationStatus.Rotated, fresh.ExpiresAt, $"new version {saved.Version}"), fresh);
    }

    /// <summary>
    /// Records the chain ok after a stored rotation. If someone recorded another token state since this worker
    /// read it, ok is still the truth as long as the version this worker stored is the vault's newest; otherwise
    /// whoever wrote after it keeps the row.
    /// </summary>
    private async Task RecordOkAsync(string accountId, string why, DateTimeOffset expiresAt, StoredTokenBundle saved, TokenStateSnapshot? expected)
    {
        if (expected is null)
        {
            return; // No row to record in (the account row was removed); the vault holds the chain.
        }
        if (await tokenState.MarkOkAsync(accountId, why, expiresAt, expected, CancellationToken.None) != TokenStateWrite.StateChanged)
        {
            return;
        }
        var latest = await store.GetAsync(accountId, CancellationToken.None);
        var now = await tokenState.ReadAsync(accountId, CancellationToken.None);
        if (latest?.Version is { } version && string.Equals(version, saved.Version, StringComparison.Ordinal) && now is not null)
        {
            await tokenState.MarkOkAsync(accountId, why, expiresAt, now, CancellationToken.None);
            return;
        }
        logger.TokenStateChangedMeanwhile(accountId, now?.ToString() ?? "no row", "ok");
    }

    /// <summary>
    /// The chain this worker holds is dead: record it broken, unless someone recorded another token state since
    /// this worker read it (then theirs is newer, and this run only reports what it saw).
    /// </summary>
    private async Task<RotationOutcome> ChainBrokenAsync(string accountId, string why, DateTimeOffset? expiresAt, TokenStateSnapshot? expected)
    {
        try
        {
            var written = expected is null ? TokenStateWrite.RowMissing : await tokenState.MarkBrokenAsync(accountId, why, expected, CancellationToken.None);
            if (written == TokenStateWrite.StateChanged)
            {
                var now = await tokenState.ReadAsync(accountId, CancellationToken.None);
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
        catch (Exception ex) when (AzureFailures.IsRequestFailure(ex))
        {
            logger.ChainBroken(accountId, why);
            logger.BookkeepingFailed(accountId, AzureFailures.Status(ex));
        }
        return new RotationOutcome(accountId, RotationStatus.ChainBroken, expiresAt, why);
    }
}

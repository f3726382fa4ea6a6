using RotationFunctions.Schedule;

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
    private readonly TokenChainRecorder _chain = new(store, tokenState, logger);

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
        if (!knownDue)
        {
            StoredTokenBundle? stored;
            try
            {
                stored = await ReadBoundedAsync(accountId, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                return new RotationOutcome(accountId, RotationStatus.Failed, null, ex.Message);
            }
            if (stored is not null && !stored.Bundle.ExpiresWithin(threshold, timeProvider.GetUtcNow()))
            {
                logger.NotDue(accountId, stored.Bundle.ExpiresAt, stored.RotatedBy ?? "unknown");
                return new RotationOutcome(accountId, RotationStatus.NotDue, stored.Bundle.ExpiresAt, $"access token valid until {stored.Bundle.ExpiresAt:O}");
            }
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
        StoredTokenBundle? read;
        try
        {
            read = await ReadBoundedAsync(accountId, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new TokenUnavailableException(TokenFailure.Transient, ex.Message);
        }
        var stored = read ?? throw NotAuthorized(accountId);
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

    /// <summary>The stored bundle, within StepTimeout.</summary>
    /// <exception cref="TimeoutException">Key Vault did not answer in time.</exception>
    private async Task<StoredTokenBundle?> ReadBoundedAsync(string accountId, CancellationToken cancellationToken)
    {
        using var step = new StepDeadline(options.Value.StepTimeout, cancellationToken);
        try
        {
            return await store.GetAsync(accountId, step.Token);
        }
        catch (OperationCanceledException) when (step.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Key Vault did not answer a read of the X tokens of account {accountId} within {options.Value.StepTimeout.TotalSeconds:0} s.");
        }
    }

    private async Task<(RotationOutcome Outcome, TokenBundle? Bundle)> RunAsync(
        string accountId, Func<StoredTokenBundle, bool> needsRefresh, string reason, CancellationToken cancellationToken)
    {
        // The wait for the account (its row, this process's other rotation of it, another process's lease) is
        // bounded as a whole by LeaseWaitTimeout.
        var o = options.Value;
        var gate = locks.For(accountId);
        TokenLease lease;
        using (var wait = new StepDeadline(o.LeaseWaitTimeout, cancellationToken))
        {
            try
            {
                if (await BrokenAsync(accountId, wait.Token) is { } skipped)
                {
                    return (skipped, null);
                }
                await gate.WaitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (wait.TimedOut && !cancellationToken.IsCancellationRequested)
            {
                logger.LeaseTimeout(accountId, o.LeaseWaitTimeout);
                return (new RotationOutcome(accountId, RotationStatus.Failed, null,
                    $"waited {o.LeaseWaitTimeout.TotalSeconds:0} s for the account (another rotation of it in this process, or Storage); nothing was spent"), null);
            }
            try
            {
                lease = await leases.AcquireAsync(accountId, wait.Token);
            }
            catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && wait.TimedOut && !cancellationToken.IsCancellationRequested))
            {
                gate.Release();
                logger.LeaseTimeout(accountId, o.LeaseWaitTimeout);
                return (new RotationOutcome(accountId, RotationStatus.Failed, null,
                    $"another process held the rotation lease of account {accountId}, or Storage did not answer, for {o.LeaseWaitTimeout.TotalSeconds:0} s; nothing was spent"), null);
            }
            catch
            {
                gate.Release();
                throw;
            }
        }
        try
        {
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
        // Up to the refresh nothing is spent: the caller's token (a host that stops) and StepTimeout may end it.
        Prepared prepared;
        using (var prepare = new StepDeadline(options.Value.StepTimeout, cancellationToken))
        {
            try
            {
                var (early, ready) = await PrepareAsync(accountId, lease, needsRefresh, prepare.Token);
                if (ready is null)
                {
                    return early;
                }
                prepared = ready;
            }
            catch (OperationCanceledException) when (prepare.TimedOut && !cancellationToken.IsCancellationRequested)
            {
                logger.StepTimedOut(accountId, options.Value.StepTimeout);
                return (new RotationOutcome(accountId, RotationStatus.Failed, null,
                    $"Key Vault or Storage did not answer within {options.Value.StepTimeout.TotalSeconds:0} s before the refresh; nothing was spent, the next run tries again"), null);
            }
        }
        return await RefreshAndStoreAsync(accountId, lease, prepared, reason);
    }

    /// <summary>What a rotation holds once it may spend the refresh token.</summary>
    private sealed record Prepared(TokenStateSnapshot? State, StoredTokenBundle Stored, StoredTokenBundle WriteAhead, XClientCredentials Credentials);

    /// <summary>
    /// Everything before the refresh: an outcome when the rotation ends here (nothing spent), else what the
    /// refresh needs. Cancellable throughout.
    /// </summary>
    private async Task<((RotationOutcome Outcome, TokenBundle? Bundle) Early, Prepared? Ready)> PrepareAsync(
        string accountId, TokenLease lease, Func<StoredTokenBundle, bool> needsRefresh, CancellationToken cancellationToken)
    {
        // Someone may have rotated, or marked the chain broken, while we waited for the lease. The token state read
        // here is also what this worker's later writes to the row expect (TokenStateWriter's conditional merges).
        var state = await tokenState.ReadAsync(accountId, cancellationToken);
        if (state is { IsChainBroken: true })
        {
            return ((Skipped(accountId, state.Reason, state.StateAt), null), null);
        }
        var stored = await store.GetAsync(accountId, cancellationToken);
        if (stored is null)
        {
            logger.NotAuthorized(accountId);
            return ((new RotationOutcome(accountId, RotationStatus.NotAuthorized, null,
                $"no tokens in Key Vault; authorize: rotation x authorize --account {accountId}"), null), null);
        }
        if (!needsRefresh(stored))
        {
            logger.NotDue(accountId, stored.Bundle.ExpiresAt, stored.RotatedBy ?? "unknown");
            return ((new RotationOutcome(accountId, RotationStatus.NotDue, stored.Bundle.ExpiresAt,
                $"access token valid until {stored.Bundle.ExpiresAt:O}"), stored.Bundle), null);
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
            return ((new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt, detail), null), null);
        }

        // The last moment to stop without spending anything: the lease must still be ours (another holder would
        // refresh the same token), and the host must not be stopping.
        if (!await lease.ConfirmAsync(cancellationToken))
        {
            logger.LeaseLostBeforeRefresh(accountId);
            return ((new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt,
                "the rotation lease was lost before the refresh (another process may hold it now); nothing was spent, the next run tries again"), null), null);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return (default, new Prepared(state, stored, writeAhead, credentials));
    }

    /// <summary>
    /// The refresh and what must follow it. From here on the refresh token may be spent: neither the caller nor
    /// the host may cancel until the new bundle is stored. Each part has its own bound instead (RefreshTimeout,
    /// StoreRetryMaxTotal, StepTimeout), so a run that started this rotation within its budget still ends before
    /// the function timeout.
    /// </summary>
    private async Task<(RotationOutcome Outcome, TokenBundle? Bundle)> RefreshAndStoreAsync(
        string accountId, TokenLease lease, Prepared prepared, string reason)
    {
        var (state, stored, writeAhead, credentials) = prepared;
        var unfinished = stored.InFlight;
        var o = options.Value;
        TokenBundle fresh;
        using var refresh = new StepDeadline(o.RefreshTimeout);
        try
        {
            fresh = await oauth.RefreshAsync(stored.Bundle.RefreshToken, credentials, refresh.Token);
        }
        catch (OperationCanceledException) when (refresh.TimedOut)
        {
            var message = $"X's token endpoint did not answer within {o.RefreshTimeout.TotalSeconds:0} s; the refresh token may or may not have been spent.";
            logger.RefreshFailedTransient(accountId, message);
            return (new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt, message), null);
        }
        catch (TokenEndpointException ex) when (ex.IsInvalidGrant)
        {
            using var after = new StepDeadline(o.StepTimeout);
            StoredTokenBundle? again;
            try
            {
                again = await store.GetAsync(accountId, after.Token);
            }
            catch (Exception failure) when (AzureFailures.IsRequestFailure(failure) || failure is OperationCanceledException or TokenStoreException)
            {
                // Not knowing whether someone else rotated meanwhile, this run does not call the chain broken.
                var unknown = $"X refused the refresh token ({ex.Error}) and Key Vault could not be read again to tell why ({TokenRotationService.Describe(failure)}); the next run decides";
                logger.RefreshRejected(accountId, unknown);
                return (new RotationOutcome(accountId, RotationStatus.Failed, stored.Bundle.ExpiresAt, unknown), null);
            }
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
            return (await _chain.RecordBrokenAsync(accountId, why, stored.Bundle.ExpiresAt, state, after.Token), null);
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
            using var failed = new StepDeadline(o.StepTimeout);
            return (await _chain.RecordBrokenAsync(accountId, why, null, state, failed.Token), null);
        }

        try
        {
            using var bookkeeping = new StepDeadline(o.StepTimeout);
            await _chain.RecordOkAsync(accountId, $"rotated ({reason})", fresh.ExpiresAt, saved, state, bookkeeping.Token);
        }
        catch (Exception ex) when (AzureFailures.IsRequestFailure(ex) || ex is OperationCanceledException)
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
}

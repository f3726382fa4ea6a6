using RotationFunctions.Schedule;

namespace RotationFunctions.Tokens;

/// <summary>
/// The rotation timer's work: refresh every enabled account whose access token expires within the threshold,
/// most urgent first (the expiry its row records), several at once, within a budget.
/// </summary>
/// <remarks>
/// No rotation starts once <see cref="TokenRotationOptions.RunBudget"/> has passed or the host's token is
/// cancelled; the accounts left are reported <see cref="RotationStatus.Deferred"/> and logged, and the next run
/// takes them (most urgent first again). Rotations already started end within MaxRotationDuration, their store
/// beyond the host's reach, so the run ends before host.json's functionTimeout restarts the worker
/// (<see cref="TokenRotationOptionsValidator"/> checks the sum at start).
/// </remarks>
public sealed class TokenRotationService(
    AccountsTable accounts,
    TokenRotator rotator,
    IOptions<TokenRotationOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenRotationService> logger)
{
    /// <summary>Each account on its own: one failing never stops the others.</summary>
    public async Task<TokenRotationSummary> RotateDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var started = timeProvider.GetTimestamp();
        var threshold = o.RefreshThreshold;
        var outcomes = new List<RotationOutcome>();
        var due = new List<AccountSettings>();
        foreach (var account in await EnabledAccountsAsync(cancellationToken))
        {
            // Most runs find every token fresh. The expiry recorded in the Accounts row answers that
            // without a Key Vault read per account per run (the cost model's largest Key Vault line).
            if (account.KnownFreshUntil is { } freshUntil && freshUntil - timeProvider.GetUtcNow() > threshold)
            {
                logger.NotDueRecorded(account.Id, freshUntil);
                outcomes.Add(new RotationOutcome(account.Id, RotationStatus.NotDue, freshUntil, $"access token valid until {freshUntil:O} (recorded at the last rotation)"));
                continue;
            }
            due.Add(account);
        }
        due.Sort(MostUrgentFirst);

        var results = new RotationOutcome?[due.Count];
        var running = new List<Task>();
        string? stoppedBecause = null;
        using (var slots = new SemaphoreSlim(o.MaxParallelRotations))
        {
            for (var i = 0; i < due.Count; i++)
            {
                try
                {
                    await slots.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    stoppedBecause = StoppedHost;
                    break;
                }
                if (cancellationToken.IsCancellationRequested || timeProvider.GetElapsedTime(started) >= o.RunBudget)
                {
                    slots.Release();
                    stoppedBecause = cancellationToken.IsCancellationRequested ? StoppedHost : StoppedBudget;
                    break;
                }
                running.Add(RotateOneAsync(due[i], i));
            }
            await Task.WhenAll(running);

            async Task RotateOneAsync(AccountSettings account, int index)
            {
                try
                {
                    results[index] = await RotateAsync(account, threshold, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }
        }

        for (var i = 0; i < due.Count; i++)
        {
            results[i] ??= Deferred(due[i], stoppedBecause == StoppedBudget
                ? $"left for the next run: the run's budget of {o.RunBudget} was spent"
                : "left for the next run: the host is stopping");
        }
        outcomes.AddRange(results!);
        var deferred = due.Where((_, i) => results[i]!.Status == RotationStatus.Deferred).ToList();
        var elapsed = timeProvider.GetElapsedTime(started);
        if (deferred.Count > 0)
        {
            var first = string.Join(", ", deferred.Take(10).Select(a => a.Id));
            if (stoppedBecause == StoppedBudget)
            {
                logger.RunBudgetSpent(o.RunBudget, elapsed, deferred.Count, deferred.Select(a => a.TokenExpiresAt).Min(), first);
            }
            else
            {
                logger.RunStopped(elapsed, deferred.Count, first);
            }
        }
        var summary = new TokenRotationSummary(outcomes);
        logger.RotationRunFinished(summary.Rotated, summary.Skipped, summary.Failed, summary.Deferred, elapsed);
        return summary;
    }

    private const string StoppedBudget = "budget";
    private const string StoppedHost = "host";

    private async Task<RotationOutcome> RotateAsync(AccountSettings account, TimeSpan threshold, CancellationToken cancellationToken)
    {
        try
        {
            return await rotator.RotateIfDueAsync(account.Id, threshold, "scheduled", cancellationToken, knownDue: account.KnownFreshUntil is not null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The rotator lets the host's cancellation through only before anything is spent.
            return Deferred(account, "left for the next run: the host stopped it before the refresh; nothing was spent");
        }
        catch (Exception ex)
        {
            var detail = Describe(ex);
            logger.AccountRotationFailed(account.Id, detail);
            return new RotationOutcome(account.Id, RotationStatus.Failed, null, detail);
        }
    }

    private RotationOutcome Deferred(AccountSettings account, string why)
    {
        logger.RotationDeferred(account.Id, why, account.TokenExpiresAt);
        return new RotationOutcome(account.Id, RotationStatus.Deferred, account.TokenExpiresAt, why);
    }

    /// <summary>
    /// Most urgent first: an account whose expiry is not recorded (never rotated here, or its row was edited) may
    /// be due now, so it comes first; then by the recorded expiry; a broken chain last (it is only reported).
    /// </summary>
    private static int MostUrgentFirst(AccountSettings a, AccountSettings b)
    {
        var byGroup = Group(a).CompareTo(Group(b));
        if (byGroup != 0)
        {
            return byGroup;
        }
        var byExpiry = Nullable.Compare(a.TokenExpiresAt, b.TokenExpiresAt);
        return byExpiry != 0 ? byExpiry : string.CompareOrdinal(a.Id, b.Id);

        static int Group(AccountSettings account) => account.IsChainBroken ? 2 : account.TokenExpiresAt is null ? 0 : 1;
    }

    /// <summary>
    /// Every enabled account, also one whose row has schedule errors: its tokens must not lapse while an
    /// admin fixes a typo. No Accounts table yet means no accounts.
    /// </summary>
    private async Task<IEnumerable<AccountSettings>> EnabledAccountsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await accounts.ListAsync(cancellationToken)).Accounts.Where(a => a.Enabled);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    /// <summary>A failure's description for logs: Azure errors by status and code (their messages quote whole responses).</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        RequestFailedException rfe => $"{ex.GetType().Name} {rfe.Status} {rfe.ErrorCode}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}

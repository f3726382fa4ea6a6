using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RotationFunctions.Schedule;

namespace RotationFunctions.Tokens;

/// <summary>The rotation timer's work: refresh every enabled account whose access token expires within the threshold.</summary>
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
        var threshold = options.Value.RefreshThreshold;
        var outcomes = new List<RotationOutcome>();
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
            RotationOutcome outcome;
            try
            {
                outcome = await rotator.RotateIfDueAsync(account.Id, threshold, "scheduled", cancellationToken, knownDue: account.KnownFreshUntil is not null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var detail = Describe(ex);
                logger.AccountRotationFailed(account.Id, detail);
                outcome = new RotationOutcome(account.Id, RotationStatus.Failed, null, detail);
            }
            outcomes.Add(outcome);
        }
        var summary = new TokenRotationSummary(outcomes);
        logger.RotationRunFinished(summary.Rotated, summary.Skipped, summary.Failed);
        return summary;
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

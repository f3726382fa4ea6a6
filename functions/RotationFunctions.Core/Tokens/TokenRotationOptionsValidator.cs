namespace RotationFunctions.Tokens;

/// <summary>
/// The rules between <see cref="TokenRotationOptions"/> settings (and host.json's functionTimeout) that ranges
/// cannot say; checked at start, so a bad combination stops the app with a message instead of losing a chain.
/// </summary>
internal sealed class TokenRotationOptionsValidator(TimeSpan? functionTimeout) : IValidateOptions<TokenRotationOptions>
{
    /// <summary>Key Vault raises SecretNearExpiry this long before a secret version's exp (learn.microsoft.com/azure/event-grid/event-schema-key-vault).</summary>
    internal static readonly TimeSpan NearExpiryWindow = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, TokenRotationOptions options)
    {
        var failures = new List<string>();
        if (options.SecretExpiry > TimeSpan.Zero && options.SecretExpiry <= NearExpiryWindow)
        {
            failures.Add($"TokenRotation:SecretExpiry is {options.SecretExpiry}: use 0 (no exp) or more than {NearExpiryWindow.TotalDays:0} days, " +
                         "or every version of the token secrets is born inside Key Vault's near-expiry window.");
        }
        var slowest = options.MaxRotationDuration;
        if (slowest > TokenRotationOptions.ShortestCallerBudget)
        {
            failures.Add(
                $"The slowest token rotation takes {slowest.TotalSeconds:0} s (TokenRotation:LeaseWaitTimeout + 3 x StepTimeout + RefreshTimeout + " +
                $"StoreRetryMaxTotal + {TokenLease.ReleaseTimeout.TotalSeconds:0} s for the lease's release); a handover or an HTTP request that met a 401 " +
                $"waits for it and Azure ends HTTP requests at 230 s: keep it at most {TokenRotationOptions.ShortestCallerBudget.TotalSeconds:0} s.");
        }
        if (functionTimeout is { } timeout && options.RunBudget + slowest + TokenRotationOptions.RunMargin > timeout)
        {
            failures.Add(
                $"host.json's functionTimeout ({timeout}) must exceed TokenRotation:RunBudget ({options.RunBudget}) + the slowest rotation " +
                $"({slowest.TotalSeconds:0} s) + {TokenRotationOptions.RunMargin.TotalSeconds:0} s: the host restarts the worker at functionTimeout, and a worker " +
                "restarted between X's answer and the Key Vault write loses the account's chain. Lower RunBudget or raise functionTimeout.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

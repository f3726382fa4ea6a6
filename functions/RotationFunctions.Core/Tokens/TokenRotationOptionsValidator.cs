using Microsoft.Extensions.Options;

namespace RotationFunctions.Tokens;

/// <summary>The rules between <see cref="TokenRotationOptions"/> settings that ranges cannot say; checked at start.</summary>
internal sealed class TokenRotationOptionsValidator : IValidateOptions<TokenRotationOptions>
{
    /// <summary>Key Vault raises SecretNearExpiry this long before a secret version's exp (event-schema-key-vault).</summary>
    internal static readonly TimeSpan NearExpiryWindow = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, TokenRotationOptions options)
    {
        var failures = new List<string>();
        if (options.SecretExpiry > TimeSpan.Zero && options.SecretExpiry <= NearExpiryWindow)
        {
            failures.Add($"TokenRotation:SecretExpiry is {options.SecretExpiry}: use 0 (no exp) or more than {NearExpiryWindow.TotalDays:0} days, " +
                         "or every version of the token secrets is born inside Key Vault's near-expiry window.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

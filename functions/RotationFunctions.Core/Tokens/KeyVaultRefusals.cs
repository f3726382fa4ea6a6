namespace RotationFunctions.Tokens;

/// <summary>
/// Reads a Key Vault refusal from its answer and says what to do about it. Key Vault's error body is
/// <c>{"error": {"code", "message", "innererror": {"code"}}}</c>; the inner code tells RBAC from a policy
/// (learn.microsoft.com/azure/key-vault/general/rest-error-codes; the stand-in's WriteDenials names its sources).
/// Only codes are kept: the message names the caller and the resource, and is not needed.
/// </summary>
internal static class KeyVaultRefusals
{
    /// <summary>A refusal (400, 401, 403, 409) and its most specific code; null for anything retrying may get past.</summary>
    public static (KeyVaultRefusal Kind, string Code)? Classify(Exception exception)
    {
        var failure = exception switch
        {
            RequestFailedException rfe => rfe,
            AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions[^1] as RequestFailedException,
            _ => null,
        };
        if (failure is not { Status: 400 or 401 or 403 or 409 })
        {
            return null;
        }
        var (code, inner) = Codes(failure);
        var kind = (failure.Status, inner) switch
        {
            (403, "ForbiddenByRbac") => KeyVaultRefusal.Rbac,
            (403, "ForbiddenByPolicy") => KeyVaultRefusal.Policy,
            (409, "ObjectIsDeletedButRecoverable") => KeyVaultRefusal.DeletedButRecoverable,
            _ => KeyVaultRefusal.Other,
        };
        return (kind, $"{failure.Status} {inner ?? code ?? failure.ErrorCode ?? "no code"}");
    }

    public static string Explain((KeyVaultRefusal Kind, string Code) refusal, string secretName, string accountId) => refusal.Kind switch
    {
        KeyVaultRefusal.Rbac =>
            $"Key Vault refused to write secret {secretName} of account {accountId}: {refusal.Code}: the app's identity has no role that allows " +
            "secrets/setSecret on it (it needs Key Vault Secrets Officer on the vault: infra/modules/rbac.bicep; a new assignment can take minutes to apply).",
        KeyVaultRefusal.Policy =>
            $"Key Vault refused to write secret {secretName} of account {accountId}: {refusal.Code}: an Azure Policy assigned to the vault denies the write " +
            "(check its secret rules, e.g. expiration date, maximum validity period, content type, against TokenRotation:SecretExpiry).",
        KeyVaultRefusal.DeletedButRecoverable =>
            $"Key Vault refused to write secret {secretName} of account {accountId}: {refusal.Code}: the secret is deleted but recoverable. " +
            $"Recover it to keep its tokens (az keyvault secret recover --vault-name VAULT --name {secretName}), or purge it " +
            $"(az keyvault secret purge --vault-name VAULT --name {secretName}) and run: rotation x authorize --account {accountId}.",
        _ => $"Key Vault refused to write secret {secretName} of account {accountId}: {refusal.Code}.",
    };

    private static (string? Code, string? Inner) Codes(RequestFailedException failure)
    {
        try
        {
            var content = failure.GetRawResponse()?.Content;
            if (content is null)
            {
                return (failure.ErrorCode, null);
            }
            using var json = JsonDocument.Parse(content.ToMemory());
            if (!json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (failure.ErrorCode, null);
            }
            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : failure.ErrorCode;
            var inner = error.TryGetProperty("innererror", out var i) && i.ValueKind == JsonValueKind.Object &&
                        i.TryGetProperty("code", out var ic) && ic.ValueKind == JsonValueKind.String ? ic.GetString() : null;
            return (code, inner);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return (failure.ErrorCode, null);
        }
    }
}

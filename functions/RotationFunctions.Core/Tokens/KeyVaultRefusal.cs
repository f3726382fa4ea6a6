namespace RotationFunctions.Tokens;

/// <summary>Why Key Vault refused to write an account's secret, as far as its answer tells.</summary>
public enum KeyVaultRefusal
{
    /// <summary>403, inner code ForbiddenByRbac: the caller has no role that allows secrets/setSecret.</summary>
    Rbac,
    /// <summary>403, inner code ForbiddenByPolicy: an Azure Policy assigned to the vault denies the write.</summary>
    Policy,
    /// <summary>409, inner code ObjectIsDeletedButRecoverable: the name is soft-deleted; it must be recovered or purged first.</summary>
    DeletedButRecoverable,
    /// <summary>Another 4xx answer that retrying will not change (400, 401, another 403 or 409).</summary>
    Other,
}

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>Why the Key Vault stand-in refuses a write with 403 Forbidden (see <see cref="KeyVaultStandIn.DenyWrites"/>).</summary>
public enum KeyVaultDenial
{
    /// <summary>The caller has no role assignment that allows the write: inner code ForbiddenByRbac.</summary>
    Rbac,

    /// <summary>A policy assigned to the vault denies the write: inner code ForbiddenByPolicy.</summary>
    Policy,
}

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>A soft-deleted secret: every version it had, when it was deleted and when Key Vault purges it.</summary>
internal sealed record DeletedSecret(IReadOnlyList<StoredSecretVersion> Versions, DateTimeOffset DeletedOn)
{
    /// <summary>Days a deleted secret stays recoverable: 90, Key Vault's default (the attributes' recoverableDays).</summary>
    public const int RecoverableDays = 90;

    public DateTimeOffset ScheduledPurgeDate => DeletedOn.AddDays(RecoverableDays);

    public StoredSecretVersion Newest => Versions[^1];
}

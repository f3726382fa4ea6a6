namespace RotationFunctions.StandIns.KeyVault;

/// <summary>One version of a secret as the Key Vault stand-in holds it (for test inspection).</summary>
public sealed record StoredSecretVersion(
    string Name,
    string Version,
    string Value,
    string? ContentType,
    IReadOnlyDictionary<string, string> Tags,
    bool Enabled,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    DateTimeOffset? NotBefore,
    DateTimeOffset? ExpiresOn);

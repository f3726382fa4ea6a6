namespace RotationFunctions.Tokens;

/// <summary>
/// Storing a bundle failed for good. The message names the account and never a token. <see cref="Refusal"/>
/// says why, when Key Vault answered with a refusal rather than failing to answer.
/// </summary>
public sealed class TokenStoreException(string message, Exception? inner = null, KeyVaultRefusal? refusal = null) : Exception(message, inner)
{
    public KeyVaultRefusal? Refusal { get; } = refusal;
}

namespace RotationFunctions.Tokens;

/// <summary>Storing a bundle failed for good. The message names the account and never a token.</summary>
public sealed class TokenStoreException(string message, Exception? inner = null) : Exception(message, inner);

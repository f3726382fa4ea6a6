namespace RotationFunctions.Tokens;

/// <summary>The rotation could not hand out an access token. The message never contains tokens.</summary>
public sealed class TokenUnavailableException(TokenFailure failure, string message) : Exception(message)
{
    public TokenFailure Failure { get; } = failure;
}

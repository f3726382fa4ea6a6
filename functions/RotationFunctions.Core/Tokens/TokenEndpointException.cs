namespace RotationFunctions.Tokens;

/// <summary>An OAuth 2.0 token endpoint refused or failed. The message never contains tokens, codes or secrets.</summary>
public sealed class TokenEndpointException(string message, string? error, int? statusCode, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The OAuth error code (invalid_request, invalid_grant, invalid_client …), when X sent one.</summary>
    public string? Error { get; } = error;

    /// <summary>The HTTP status, or null when no answer came.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>
    /// X, for one, answers a spent or revoked refresh token with 400 invalid_request ("Value passed for the token
    /// was invalid."); the RFC's code is invalid_grant. Either way the chain is broken.
    /// </summary>
    public bool IsInvalidGrant => Error is "invalid_request" or "invalid_grant";

    /// <summary>No answer, a 5xx or 429: the refresh token may be intact, or spent if X processed it.</summary>
    public bool IsTransient => StatusCode is null or >= 500 or 429 or 408;
}

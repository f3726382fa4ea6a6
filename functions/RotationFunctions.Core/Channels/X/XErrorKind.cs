namespace RotationFunctions.Channels.X;

public enum XErrorKind
{
    /// <summary>5xx, timeout, connection failure: retrying later may succeed.</summary>
    Transient,
    /// <summary>429 whose reset is further away than we are willing to wait: retry after <see cref="XApiException.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>403 other than duplicate content, 400: X will refuse again; do not retry.</summary>
    Rejected,
    /// <summary>401 that survived one refresh.</summary>
    Unauthorized,
    /// <summary>The refresh token chain is broken (invalid_grant / invalid_request): an admin must re-authorize.</summary>
    ChainBroken,
    /// <summary>402: the developer account's pay-per-use credits ran out; X refuses every request until an admin adds credits.</summary>
    CreditsExhausted,
    /// <summary>
    /// No usable access token, for a reason that may pass (Key Vault refused or missed the refresh's write, the
    /// rotation lease was busy): nothing was sent to X. Retryable; what an admin must fix is in the message.
    /// </summary>
    TokenUnavailable,
}

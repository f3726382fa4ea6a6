namespace RotationFunctions.Tokens;

/// <summary>Why no usable access token could be had for an account.</summary>
public enum TokenFailure
{
    /// <summary>No bundle in Key Vault: the account was never authorized.</summary>
    NotAuthorized,
    /// <summary>The refresh token chain is broken: an admin must re-authorize.</summary>
    ChainBroken,
    /// <summary>The refresh failed in a way a later attempt may get past.</summary>
    Transient,
}

namespace RotationFunctions.Tokens;

/// <summary>Where token bundles and the X client credentials live (Key Vault in production).</summary>
public interface ITokenStore
{
    /// <summary>The latest bundle of <paramref name="accountId"/>, or null when the account was never authorized.</summary>
    Task<StoredTokenBundle?> GetAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// The write-ahead: stores <paramref name="current"/>'s bundle again, as a new version marked "refresh in flight,
    /// begun by <paramref name="by"/>", with the very operation and attributes <see cref="SaveAsync"/> will use for the
    /// result. Proves the store takes this account's write before the refresh token is spent, and records the refresh
    /// for the next reader if this process dies before storing its result. Retries failures that may pass, within
    /// <paramref name="cancellationToken"/> (nothing is spent yet).
    /// </summary>
    /// <exception cref="TokenStoreException">The store refused (<see cref="TokenStoreException.Refusal"/>) or did not answer.</exception>
    Task<StoredTokenBundle> BeginRefreshAsync(string accountId, StoredTokenBundle current, string by, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="bundle"/> as a new version, retrying hard (it may be the only copy of a live
    /// refresh token). Does not observe cancellation once started; bounded by the store's own time limit.
    /// </summary>
    /// <exception cref="TokenStoreException">Every attempt failed.</exception>
    Task<StoredTokenBundle> SaveAsync(string accountId, TokenBundle bundle, string reason, CancellationToken cancellationToken);

    /// <summary>The X app's client id and, for a confidential client, its secret.</summary>
    Task<XClientCredentials> GetClientCredentialsAsync(CancellationToken cancellationToken);
}

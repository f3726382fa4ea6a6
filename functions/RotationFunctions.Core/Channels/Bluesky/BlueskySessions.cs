using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;
using RotationFunctions.Tokens;

namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// An account's Bluesky session, kept in one Key Vault secret and in memory. Bluesky refresh tokens rotate like
/// X's, so a refresh follows the X rotation's ideas: single flight across processes under the account's blob lease
/// ("bluesky-{account}", beside X's), the stored session read again under it (another worker may have refreshed:
/// then its session is used, nothing is spent), a write-ahead version proving Key Vault takes writes before the
/// refresh token is spent, then the new pair as one new version. A session is refreshed when an access token is found
/// expired, and by <see cref="BlueskyKeepAlive"/> when it has not been for weeks (refresh tokens die unused after 90
/// days). What is not reused: the chain state on the account's row (a broken chain is logged critical and the step
/// fails with the reason).
/// </summary>
public sealed class BlueskySessions(
    BlueskyClient client, SecretClient secrets, TokenLeases leases, IOptions<BlueskyOptions> options, TimeProvider time, ILogger<BlueskySessions> logger)
{
    private readonly ConcurrentDictionary<string, BlueskySession> _cache = new(StringComparer.Ordinal);

    public async Task<BlueskySession> GetAsync(string accountId, CancellationToken cancellationToken) =>
        _cache.TryGetValue(accountId, out var session) ? session : _cache[accountId] = await ReadAsync(accountId, cancellationToken);

    /// <summary>A fresh session after <paramref name="expired"/>'s access token was refused as expired.</summary>
    public async Task<BlueskySession> RefreshAsync(string accountId, BlueskySession expired, CancellationToken cancellationToken)
    {
        await using var lease = await AcquireAsync(accountId, cancellationToken);
        return await RefreshHeldAsync(accountId, expired, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="call"/> with the account's session under its lease (the one a refresh takes), refreshing the
    /// session once if its access token has expired. For what must not run twice at once, such as making an app password.
    /// </summary>
    public async Task<T> WithLeaseAsync<T>(string accountId, Func<BlueskySession, Task<T>> call, CancellationToken cancellationToken)
    {
        await using var lease = await AcquireAsync(accountId, cancellationToken);
        var session = await GetAsync(accountId, cancellationToken);
        try
        {
            return await call(session);
        }
        catch (BlueskyXrpcException e) when (e.IsExpiredToken)
        {
            return await call(await RefreshHeldAsync(accountId, session, cancellationToken));
        }
    }

    /// <summary>
    /// Refreshes the account's session when its stored version is older than <paramref name="olderThan"/>, under the lease
    /// like any refresh (a session another worker refreshed meanwhile is taken as it is). True when the stored one was old.
    /// </summary>
    public async Task<bool> KeepAliveAsync(string accountId, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var (session, storedAt) = await ReadStoredAsync(accountId, cancellationToken);
        if (storedAt is { } at && time.GetUtcNow() - at < olderThan)
        {
            return false;
        }
        await using var lease = await AcquireAsync(accountId, cancellationToken);
        await RefreshHeldAsync(accountId, session, cancellationToken);
        return true;
    }

    private async Task<BlueskySession> RefreshHeldAsync(string accountId, BlueskySession expired, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(accountId, cancellationToken);
        if (stored.RefreshJwt != expired.RefreshJwt && stored.RefreshingSince is null)
        {
            // Another worker refreshed meanwhile: its pair is the chain now.
            return _cache[accountId] = stored;
        }
        try
        {
            await WriteAsync(accountId, stored with { RefreshingSince = time.GetUtcNow() }, "refreshing", cancellationToken);
        }
        catch (RequestFailedException e)
        {
            // Nothing was spent: the refresh token is intact, the next attempt tries again.
            throw new XApiException(XErrorKind.TokenUnavailable, $"Key Vault refused the write-ahead of the Bluesky session ({e.Status}); nothing was refreshed", inner: e) { Channel = Channel.Bluesky };
        }
        BlueskySession fresh;
        try
        {
            fresh = await client.RefreshSessionAsync(stored.RefreshJwt, cancellationToken);
        }
        catch (BlueskyXrpcException e) when (e.Status is 400 or 401)
        {
            logger.BlueskyChainBroken(accountId, e.Error);
            throw new XApiException(XErrorKind.ChainBroken, $"Bluesky refused the refresh token ({e.Error}): sign the account in again (rotation bluesky authorize)") { Channel = Channel.Bluesky };
        }
        catch (BlueskyXrpcException e)
        {
            throw BlueskyPublisher.Map(e, time);
        }
        try
        {
            await WriteAsync(accountId, fresh, "refreshed", cancellationToken);
        }
        catch (RequestFailedException e)
        {
            logger.BlueskySessionStoreFailed(accountId, e.Status);
            _cache[accountId] = fresh; // this process can go on with it until it restarts
            throw new XApiException(XErrorKind.TokenUnavailable, $"Bluesky issued a new session but Key Vault did not store it ({e.Status})", inner: e) { Channel = Channel.Bluesky };
        }
        logger.BlueskySessionRefreshed(accountId);
        return _cache[accountId] = fresh;
    }

    /// <summary>Stores a session as `rotation bluesky authorize` would (createSession with the main or an app password).</summary>
    public async Task SaveAsync(string accountId, BlueskySession session, CancellationToken cancellationToken)
    {
        await WriteAsync(accountId, session, "authorized", cancellationToken);
        _cache[accountId] = session;
    }

    private async Task<IAsyncDisposable> AcquireAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            return await leases.AcquireAsync("bluesky-" + accountId, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new XApiException(XErrorKind.TokenUnavailable, "another worker holds the Bluesky session's lease", inner: e) { Channel = Channel.Bluesky };
        }
    }

    private string SecretName(string accountId) => options.Value.SessionSecretPrefix + accountId;

    private async Task<BlueskySession> ReadAsync(string accountId, CancellationToken cancellationToken) =>
        (await ReadStoredAsync(accountId, cancellationToken)).Session;

    /// <summary>The stored session and when its version was written (the last sign-in or refresh).</summary>
    private async Task<(BlueskySession Session, DateTimeOffset? StoredAt)> ReadStoredAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await secrets.GetSecretAsync(SecretName(accountId), cancellationToken: cancellationToken);
            var session = JsonSerializer.Deserialize<BlueskySession>(secret.Value.Value)
                ?? throw new XApiException(XErrorKind.Rejected, $"the Bluesky session of '{accountId}' in Key Vault is empty") { Channel = Channel.Bluesky };
            return (session, secret.Value.Properties.CreatedOn);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new XApiException(XErrorKind.Rejected, $"'{accountId}' has no Bluesky session in Key Vault (secret {SecretName(accountId)}): sign it in") { Channel = Channel.Bluesky };
        }
        catch (RequestFailedException e)
        {
            throw new XApiException(XErrorKind.TokenUnavailable, $"Key Vault did not give the Bluesky session ({e.Status})", inner: e) { Channel = Channel.Bluesky };
        }
    }

    private async Task WriteAsync(string accountId, BlueskySession session, string stage, CancellationToken cancellationToken)
    {
        var secret = new KeyVaultSecret(SecretName(accountId), JsonSerializer.Serialize(session));
        secret.Properties.ContentType = "application/json";
        secret.Properties.Tags["stage"] = stage;
        await secrets.SetSecretAsync(secret, cancellationToken);
    }
}

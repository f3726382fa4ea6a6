using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RotationFunctions.Storage;

namespace RotationFunctions.Tokens;

/// <summary>
/// Token bundles in Key Vault: one secret per account, <c>x-tokens-{accountId}</c>, JSON, content type
/// application/json, ExpiresOn = the access token's expiry, tags rotatedAt / rotatedBy / reason.
/// Client credentials in <c>x-client-id</c> and (confidential client) <c>x-client-secret</c>.
/// </summary>
public sealed class KeyVaultTokenStore(
    SecretClient secretClient,
    IOptions<TokenRotationOptions> options,
    IOptions<StorageNames> names,
    TimeProvider timeProvider,
    ILogger<KeyVaultTokenStore> logger) : ITokenStore
{
    public const string ContentType = "application/json";
    public const string RotatedAtTag = "rotatedAt";
    public const string RotatedByTag = "rotatedBy";
    public const string ReasonTag = "reason";

    private string SecretName(string accountId) => names.Value.TokenSecret(accountId);

    public async Task<StoredTokenBundle?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret;
        try
        {
            secret = (await secretClient.GetSecretAsync(SecretName(accountId), cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        TokenBundle bundle;
        try
        {
            bundle = TokenBundle.FromJson(secret.Value);
        }
        catch (JsonException ex)
        {
            // Not the JSON message: it could quote the value.
            throw new TokenStoreException(
                $"Secret {secret.Name} (version {secret.Properties.Version}) is not a token bundle; re-authorize with: rotation x authorize --account {accountId}",
                new FormatException(ex.GetType().Name));
        }
        var tags = secret.Properties.Tags;
        return new StoredTokenBundle(
            bundle,
            secret.Properties.Version,
            tags.TryGetValue(RotatedAtTag, out var at) && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var rotatedAt) ? rotatedAt : null,
            tags.TryGetValue(RotatedByTag, out var by) ? by : null,
            tags.TryGetValue(ReasonTag, out var reason) ? reason : null);
    }

    public async Task<StoredTokenBundle> SaveAsync(string accountId, TokenBundle bundle, string reason, CancellationToken cancellationToken)
    {
        var name = SecretName(accountId);
        var o = options.Value;
        var rotatedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        var delay = o.StoreRetryBaseDelay;
        for (var attempt = 1; ; attempt++)
        {
            var secret = new KeyVaultSecret(name, bundle.ToJson());
            secret.Properties.ContentType = ContentType;
            secret.Properties.ExpiresOn = bundle.ExpiresAt;
            secret.Properties.Tags[RotatedAtTag] = rotatedAt.ToString("O", CultureInfo.InvariantCulture);
            secret.Properties.Tags[RotatedByTag] = o.RotatedBy;
            secret.Properties.Tags[ReasonTag] = reason;
            try
            {
                // Deliberately not the caller's token: abandoning this write would lose the only copy
                // of a live refresh token. The loop below is bounded by attempts and total time instead.
                var stored = (await secretClient.SetSecretAsync(secret, CancellationToken.None)).Value;
                if (attempt > 1)
                {
                    logger.StoredAfterRetries(accountId, attempt);
                }
                return new StoredTokenBundle(bundle, stored.Properties.Version, rotatedAt, o.RotatedBy, reason);
            }
            catch (Exception ex) when (AzureFailures.IsRequestFailure(ex) || ex is OperationCanceledException or Azure.Identity.AuthenticationFailedException)
            {
                var elapsed = timeProvider.GetElapsedTime(started);
                var status = AzureFailures.Describe(ex);
                if (attempt >= o.StoreMaxAttempts || elapsed + delay > o.StoreRetryMaxTotal)
                {
                    throw new TokenStoreException(
                        $"Key Vault did not store secret {name} for account {accountId} after {attempt} attempts over {elapsed.TotalSeconds:0} s (last: {status}).",
                        new InvalidOperationException(status));
                }
                logger.StoreAttemptFailed(accountId, attempt, o.StoreMaxAttempts, status, delay);
                await Task.Delay(delay, timeProvider, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(o.StoreRetryMaxDelay.Ticks, Math.Max(delay.Ticks * 2, TimeSpan.FromMilliseconds(1).Ticks)));
            }
        }
    }

    // A reference, so concurrent rotations swap it whole.
    private volatile CachedCredentials? _cachedCredentials;

    /// <summary>
    /// The X app's credentials, kept for <see cref="TokenRotationOptions.ClientCredentialsCacheDuration"/>:
    /// a rotation run refreshes many accounts, and two secret reads per refresh were 40 % of its Key Vault bill.
    /// </summary>
    public async Task<XClientCredentials> GetClientCredentialsAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_cachedCredentials is { } cached && now - cached.ReadAt < options.Value.ClientCredentialsCacheDuration && now >= cached.ReadAt)
        {
            return cached.Credentials;
        }
        var credentials = await ReadClientCredentialsAsync(cancellationToken);
        _cachedCredentials = new CachedCredentials(credentials, now);
        return credentials;
    }

    private sealed record CachedCredentials(XClientCredentials Credentials, DateTimeOffset ReadAt);

    private async Task<XClientCredentials> ReadClientCredentialsAsync(CancellationToken cancellationToken)
    {
        string clientId;
        try
        {
            clientId = (await secretClient.GetSecretAsync(names.Value.ClientIdSecret, cancellationToken: cancellationToken)).Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new TokenStoreException(
                $"Key Vault has no secret {names.Value.ClientIdSecret}: store the X app's OAuth 2.0 client id there (and {names.Value.ClientSecretSecret} for a confidential client).", ex);
        }
        string? clientSecret = null;
        try
        {
            clientSecret = (await secretClient.GetSecretAsync(names.Value.ClientSecretSecret, cancellationToken: cancellationToken)).Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A public client: no secret, client_id goes in the body.
        }
        return new XClientCredentials(clientId.Trim(), string.IsNullOrWhiteSpace(clientSecret) ? null : clientSecret.Trim());
    }
}

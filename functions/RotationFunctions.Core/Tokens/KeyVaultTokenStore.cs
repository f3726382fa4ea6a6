using Azure.Security.KeyVault.Secrets;

namespace RotationFunctions.Tokens;

/// <summary>
/// Token bundles in Key Vault: one secret per account, <c>x-tokens-{accountId}</c>, JSON, content type
/// application/json, tags rotatedAt / rotatedBy / reason / accessTokenExpiresAt, and on a write-ahead version
/// refreshStartedAt / refreshStartedBy. Client credentials in <c>x-client-id</c> and (confidential client)
/// <c>x-client-secret</c>.
/// </summary>
/// <remarks>
/// The secret's <c>exp</c> is not the access token's expiry (2 h): that tripped "secret expiry" policies and
/// Key Vault's near-expiry events on every version. It is <see cref="TokenRotationOptions.SecretExpiry"/> from the
/// write (90 days by default; 0: none), the same on every version, so a policy judges the write-ahead and the
/// result alike. The access token's expiry is in the bundle and in the accessTokenExpiresAt tag.
/// </remarks>
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
    public const string AccessTokenExpiresAtTag = "accessTokenExpiresAt";
    public const string RefreshStartedAtTag = "refreshStartedAt";
    public const string RefreshStartedByTag = "refreshStartedBy";

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
            TimeTag(tags, RotatedAtTag),
            tags.TryGetValue(RotatedByTag, out var by) ? by : null,
            tags.TryGetValue(ReasonTag, out var reason) ? reason : null)
        {
            InFlight = TimeTag(tags, RefreshStartedAtTag) is { } startedAt
                ? new UnfinishedRefresh(startedAt, tags.TryGetValue(RefreshStartedByTag, out var starter) ? starter : "unknown")
                : null,
        };
    }

    public async Task<StoredTokenBundle> BeginRefreshAsync(string accountId, StoredTokenBundle current, string by, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetUtcNow();
        // The bundle as it is, with its last rotation's tags, plus the marker.
        var tags = Tags(current.Bundle, current.RotatedAt, current.RotatedBy, current.Reason);
        tags[RefreshStartedAtTag] = Format(startedAt);
        tags[RefreshStartedByTag] = by;
        var version = await WriteAsync(accountId, current.Bundle, tags, failFastOnRefusal: true, cancellationToken);
        return current with { Version = version, InFlight = new UnfinishedRefresh(startedAt, by) };
    }

    public async Task<StoredTokenBundle> SaveAsync(string accountId, TokenBundle bundle, string reason, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var rotatedAt = timeProvider.GetUtcNow();
        // Deliberately not the caller's token: abandoning this write would lose the only copy of a live refresh
        // token. The loop is bounded by attempts and total time instead; refusals are retried too (a role
        // assignment may still be propagating).
        var version = await WriteAsync(accountId, bundle, Tags(bundle, rotatedAt, o.RotatedBy, reason), failFastOnRefusal: false, CancellationToken.None);
        return new StoredTokenBundle(bundle, version, rotatedAt, o.RotatedBy, reason);
    }

    private static Dictionary<string, string> Tags(TokenBundle bundle, DateTimeOffset? rotatedAt, string? rotatedBy, string? reason)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [AccessTokenExpiresAtTag] = Format(bundle.ExpiresAt) };
        if (rotatedAt is { } at)
        {
            tags[RotatedAtTag] = Format(at);
        }
        if (rotatedBy is not null)
        {
            tags[RotatedByTag] = rotatedBy;
        }
        if (reason is not null)
        {
            tags[ReasonTag] = reason;
        }
        return tags;
    }

    /// <summary>
    /// Sets a new version of the account's secret (SetSecret: the one write both the write-ahead and the result use),
    /// retrying within StoreMaxAttempts and StoreRetryMaxTotal. <paramref name="failFastOnRefusal"/>: a refusal
    /// (403, 409, 400, 401) ends the loop at once; <paramref name="cancellationToken"/> ends it too.
    /// </summary>
    private async Task<string?> WriteAsync(
        string accountId, TokenBundle bundle, Dictionary<string, string> tags, bool failFastOnRefusal, CancellationToken cancellationToken)
    {
        var name = SecretName(accountId);
        var o = options.Value;
        var started = timeProvider.GetTimestamp();
        var delay = o.StoreRetryBaseDelay;
        var expiresOn = o.SecretExpiry > TimeSpan.Zero ? timeProvider.GetUtcNow() + o.SecretExpiry : (DateTimeOffset?)null;
        for (var attempt = 1; ; attempt++)
        {
            var secret = new KeyVaultSecret(name, bundle.ToJson());
            secret.Properties.ContentType = ContentType;
            secret.Properties.ExpiresOn = expiresOn;
            foreach (var (key, value) in tags)
            {
                secret.Properties.Tags[key] = value;
            }
            // The bound covers the attempt in flight too: an answer that never comes ends with the total time.
            var remaining = o.StoreRetryMaxTotal - timeProvider.GetElapsedTime(started);
            using var attemptBound = new StepDeadline(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1), cancellationToken);
            try
            {
                var stored = (await secretClient.SetSecretAsync(secret, attemptBound.Token)).Value;
                if (attempt > 1)
                {
                    logger.StoredAfterRetries(accountId, attempt);
                }
                return stored.Properties.Version;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (AzureFailures.IsRequestFailure(ex) || ex is OperationCanceledException or Azure.Identity.AuthenticationFailedException)
            {
                var refusal = KeyVaultRefusals.Classify(ex);
                var elapsed = timeProvider.GetElapsedTime(started);
                var status = AzureFailures.Describe(ex);
                if (refusal is { } refused && failFastOnRefusal)
                {
                    throw new TokenStoreException(KeyVaultRefusals.Explain(refused, name, accountId), new InvalidOperationException(refused.Code), refused.Kind);
                }
                if (attempt >= o.StoreMaxAttempts || elapsed + delay > o.StoreRetryMaxTotal)
                {
                    var why = refusal is { } last ? KeyVaultRefusals.Explain(last, name, accountId) + " " : "";
                    throw new TokenStoreException(
                        $"{why}Key Vault did not store secret {name} for account {accountId} after {attempt} attempts over {elapsed.TotalSeconds:0} s (last: {refusal?.Code ?? status}).",
                        new InvalidOperationException(status), refusal?.Kind);
                }
                logger.StoreAttemptFailed(accountId, attempt, o.StoreMaxAttempts, refusal?.Code ?? status, delay);
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(o.StoreRetryMaxDelay.Ticks, Math.Max(delay.Ticks * 2, TimeSpan.FromMilliseconds(1).Ticks)));
            }
        }
    }

    private static string Format(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? TimeTag(IDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    // The read in flight or done, and when it began; swapped whole under the lock.
    private readonly Lock _credentialsGate = new();
    private CachedCredentials? _cachedCredentials;

    /// <summary>
    /// The X app's credentials, kept for <see cref="TokenRotationOptions.ClientCredentialsCacheDuration"/>:
    /// a rotation run refreshes many accounts, and two secret reads per refresh were 40 % of its Key Vault bill.
    /// Rotations that start together (a run rotates several accounts at once) share one read; a read that
    /// failed is not kept.
    /// </summary>
    public async Task<XClientCredentials> GetClientCredentialsAsync(CancellationToken cancellationToken)
    {
        CachedCredentials current;
        lock (_credentialsGate)
        {
            var now = timeProvider.GetUtcNow();
            if (_cachedCredentials is not { } cached || cached.Failed ||
                now - cached.ReadAt >= options.Value.ClientCredentialsCacheDuration || now < cached.ReadAt)
            {
                // Not the caller's token: others may wait for this read. Bounded on its own (wall clock, as network calls are).
                _cachedCredentials = cached = new CachedCredentials(new Lazy<Task<XClientCredentials>>(ReadSharedAsync), now);
            }
            current = cached;
        }
        return await current.Read.Value.WaitAsync(cancellationToken);
    }

    private async Task<XClientCredentials> ReadSharedAsync()
    {
        using var bound = new StepDeadline(options.Value.StepTimeout);
        return await ReadClientCredentialsAsync(bound.Token);
    }

    private sealed record CachedCredentials(Lazy<Task<XClientCredentials>> Read, DateTimeOffset ReadAt)
    {
        public bool Failed => Read.IsValueCreated && (Read.Value.IsFaulted || Read.Value.IsCanceled);
    }

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

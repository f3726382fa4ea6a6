using System.ComponentModel.DataAnnotations;

namespace RotationFunctions.Tokens;

/// <summary>Token rotation settings, configuration section "TokenRotation" (app settings <c>TokenRotation__RefreshThreshold</c> …).</summary>
public sealed class TokenRotationOptions
{
    public const string SectionName = "TokenRotation";

    /// <summary>An access token expiring within this is refreshed by the rotation run. Keep it above the timer's period.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:50:00")]
    public TimeSpan RefreshThreshold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Blob lease duration (Azure allows 15–60 s); renewed while a rotation holds it.</summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a rotation waits for another process's lease before giving up (more than a lease, so an abandoned one expires).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Pause between attempts to take a lease someone else holds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan LeasePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts to store a new bundle in Key Vault (on top of the SDK's own retries): it is the only copy of a live refresh token.</summary>
    [Range(1, 100)]
    public int StoreMaxAttempts { get; set; } = 12;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StoreRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan StoreRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The total time storing may take before the rotation gives up and logs critical.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan StoreRetryMaxTotal { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// How long the X app's client id and secret are kept in memory once read from Key Vault (0: read for
    /// every refresh). After x-client-secret changes, refreshes may fail (and are retried by the next run)
    /// for up to this long; X rejects the client before it looks at the refresh token, so no chain is lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClientCredentialsCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The token secret's <c>exp</c>, counted from each write (0: none). Not the access token's expiry: Key Vault
    /// raises SecretNearExpiry 30 days before a version's exp, and "secret expiry" policies judge every write. So it
    /// is 0 or at least 31 days; 90 days fits the built-in "Secrets should have an expiration date" and common
    /// "maximum validity period" values, and as each rotation writes a new version, only an account whose tokens
    /// have not been rotated for 60 days raises a near-expiry event (a fair alarm).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan SecretExpiry { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Who rotated, in the secret's rotatedBy tag; defaults to "{machine}/{process id}".</summary>
    public string? InstanceName { get; set; }

    internal string RotatedBy => string.IsNullOrWhiteSpace(InstanceName) ? $"{Environment.MachineName}/{Environment.ProcessId}" : InstanceName;
}

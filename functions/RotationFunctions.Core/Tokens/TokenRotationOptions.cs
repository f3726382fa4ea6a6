namespace RotationFunctions.Tokens;

/// <summary>Token rotation settings, configuration section "TokenRotation" (app settings <c>TokenRotation__RefreshThreshold</c> …).</summary>
/// <remarks>
/// Every wait of one rotation is bounded, and the bounds add up to <see cref="MaxRotationDuration"/>, which must fit
/// the shortest caller (<see cref="ShortestCallerBudget"/>): a handover's publish, or an HTTP request, that met a 401
/// waits for a rotation, and Azure ends an HTTP request after 230 s. A rotation run starts no rotation after
/// <see cref="RunBudget"/>, so it ends within RunBudget + MaxRotationDuration, which must fit host.json's
/// functionTimeout: the host restarts the worker when that passes, and a worker restarted between X's answer
/// and the Key Vault write loses the account's chain. Checked at start (<see cref="TokenRotationOptionsValidator"/>).
/// </remarks>
public sealed class TokenRotationOptions
{
    public const string SectionName = "TokenRotation";

    /// <summary>
    /// The longest one rotation may take, every wait at its bound: Azure ends an HTTP request after 230 s
    /// (learn.microsoft.com/azure/azure-functions/functions-scale#timeout), less 30 s for the caller's own work.
    /// </summary>
    public static readonly TimeSpan ShortestCallerBudget = TimeSpan.FromSeconds(200);

    /// <summary>What a run leaves of the function timeout beyond RunBudget + MaxRotationDuration: listing the accounts, start-up, the host's own work.</summary>
    public static readonly TimeSpan RunMargin = TimeSpan.FromSeconds(30);

    /// <summary>An access token expiring within this is refreshed by the rotation run. Keep it above the timer's period.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:50:00")]
    public TimeSpan RefreshThreshold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Blob lease duration (Azure allows 15–60 s); renewed while a rotation holds it.</summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a rotation waits for the account (another rotation in this process, another process's lease) before
    /// giving up; more than LeaseDuration, so a lease its dead holder left behind expires meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromSeconds(65);

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

    /// <summary>
    /// The total time storing the new bundle may take, the attempt in flight included, before the rotation gives up
    /// and logs critical. Long, because it is the only copy of a live refresh token, but it counts in
    /// MaxRotationDuration. (It bounds the write-ahead too, which a step's timeout cuts shorter.)
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan StoreRetryMaxTotal { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>
    /// The bound on each stretch of Key Vault and Storage calls that may be abandoned: reading the bundle before
    /// the lease; under the lease, the account row, the bundle, the client credentials, the write-ahead and the
    /// lease check together (nothing is spent yet); after the store, recording the outcome in the row.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the rotation waits for X's answer to a refresh (X's HttpClient has its own X:AttemptTimeout too).
    /// An answer that does not come in time may have spent the token: the write-ahead version then explains X's
    /// refusal to the next run.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A rotation run starts no rotation after this; the accounts left wait for the next run (most urgent first).
    /// Rotations already started finish within MaxRotationDuration.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Accounts a rotation run refreshes at once (each under its own lease).</summary>
    [Range(1, 64)]
    public int MaxParallelRotations { get; set; } = 8;

    /// <summary>
    /// The longest one rotation can take, every wait at its bound: the wait for the account, three steps (the read
    /// before the lease, the preparation under it, the bookkeeping after the store), X's answer, the store and the
    /// lease's release.
    /// </summary>
    public TimeSpan MaxRotationDuration => LeaseWaitTimeout + 3 * StepTimeout + RefreshTimeout + StoreRetryMaxTotal + TokenLease.ReleaseTimeout;

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

namespace RotationFunctions.Channels.Mastodon;

/// <summary>Section "Mastodon": how the app talks to the accounts' Mastodon instances (each account names its own, MastodonInstance).</summary>
public sealed class MastodonOptions
{
    public const string SectionName = "Mastodon";

    /// <summary>Key Vault secret of an account's access token: prefix + account id. Mastodon tokens do not expire.</summary>
    [Required, RegularExpression("^[0-9A-Za-z-]{1,60}$")]
    public string TokenSecretPrefix { get; set; } = "mastodon-token-";

    /// <summary>One request's time limit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the instance keeps an Idempotency-Key (docs.joinmastodon.org/methods/statuses: "stored for up to 1 hour").
    /// A retry older than this, less a safety margin, looks the status up before posting again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an instance's limits (GET /api/v2/instance) are kept before they are asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan InstanceCacheTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often, and how many times, an image the instance still processes (POST /api/v2/media answered 202) is asked
    /// after (GET /api/v1/media/:id) before the status is posted: a status with unprocessed media is refused (422).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MediaPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 120)]
    public int MediaPollAttempts { get; set; } = 20;
}

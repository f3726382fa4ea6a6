namespace RotationFunctions.Channels.X;

/// <summary>X API v2 client settings, configuration section "X" (app settings <c>X__BaseUrl</c> …).</summary>
public sealed class XOptions
{
    public const string SectionName = "X";

    /// <summary>Required. The API's base address, e.g. https://api.x.com (tests point it at the stand-in).</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Where an admin's browser authorizes the app (the CLI's <c>x authorize</c>).</summary>
    [Required]
    public Uri AuthorizeUrl { get; set; } = new("https://x.com/i/oauth2/authorize");

    /// <summary>The OAuth 2.0 token endpoint, relative to <see cref="BaseUrl"/>.</summary>
    [Required]
    public string TokenPath { get; set; } = "2/oauth2/token";

    /// <summary>Time one HTTP attempt may take before it counts as a timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries of idempotent requests (GET, DELETE) after a 5xx, 408 or timeout. POST is never retried by the pipeline.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones back off exponentially with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a publish waits for a 429's x-rate-limit-reset; a later reset gives up with RateLimited.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Posts one account may make per <see cref="PostLimitWindow"/> from one process (X's limit depends on
    /// the access tier: set it to the tier's per-user limit). A guard against a runaway loop; X's 429 stays the authority.
    /// </summary>
    [Range(1, 100_000)]
    public int PostLimit { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PostLimitWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long after a post X's timeline (GET /2/users/{id}/tweets) may still not list it. X's timelines are
    /// eventually consistent and X gives no bound: this is the one assumed. After an attempt whose outcome is
    /// unknown the timeline is read only once the attempt is this old, and a post not found then counts as
    /// not made. Longer is safer and retries later.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TimelineLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many recent tweets to read (5–100) when looking for one that was posted but not recorded.</summary>
    [Range(5, 100)]
    public int RecentTweetsToCheck { get; set; } = 20;
}

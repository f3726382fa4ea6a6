namespace RotationFunctions.Channels.Bluesky;

/// <summary>Section "Bluesky": the PDS the accounts live on and where their sessions are kept.</summary>
public sealed class BlueskyOptions
{
    public const string SectionName = "Bluesky";

    /// <summary>The accounts' PDS (the central one is https://bsky.social; its entryway routes to the account's PDS).</summary>
    [Required]
    public Uri? ServiceUrl { get; set; } = new("https://bsky.social/");

    /// <summary>Key Vault secret of an account's session {did, handle, accessJwt, refreshJwt}: prefix + account id.</summary>
    [Required, RegularExpression("^[0-9A-Za-z-]{1,60}$")]
    public string SessionSecretPrefix { get; set; } = "bluesky-session-";

    /// <summary>Key Vault secret of a curator's app password until the welcome notice carries it: prefix + account id + slot.</summary>
    [Required, RegularExpression("^[0-9A-Za-z-]{1,60}$")]
    public string AppPasswordSecretPrefix { get; set; } = "bluesky-app-password-";

    /// <summary>How long that secret lives (its expiry): past the welcome's window (a day from the slot's start), nobody needs it.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00")]
    public TimeSpan AppPasswordSecretLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// A session neither signed in nor refreshed for this long is refreshed by the rotation timer (<see cref="BlueskyKeepAlive"/>):
    /// the PDS's refresh tokens die unused after 90 days, and an account may post nothing for months (a paused rotation).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00")]
    public TimeSpan SessionKeepAlive { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

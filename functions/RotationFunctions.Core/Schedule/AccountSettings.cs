using RotationFunctions.Guard;

namespace RotationFunctions.Schedule;

/// <summary>
/// An Accounts row as every feature reads it (<see cref="AccountsTable"/>): the admin's fields, the
/// token state the rotation writes, and the problems found in the row.
/// </summary>
public sealed record AccountSettings
{
    /// <summary>TokenState after a rotation or an authorization that worked.</summary>
    public const string TokenOk = "ok";

    /// <summary>TokenState once X refused the refresh token or a new bundle was lost: rotation skips the account until it is re-authorized.</summary>
    public const string TokenBroken = "broken";

    public required string Id { get; init; }
    public string? XHandle { get; init; }
    public string? XUserId { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public required TimeOnly HandoverTime { get; init; }
    public required string Language { get; init; }
    public string? IntroTemplate { get; init; }
    public string? OutroTemplate { get; init; }
    public string? OutroTemplateNoSuccessor { get; init; }

    /// <summary>A row without the column is enabled: the smallest row an admin adds must work.</summary>
    public bool Enabled { get; init; } = true;

    public bool DryRun { get; init; }

    /// <summary>Where the account posts (Channels); X for a row without the column.</summary>
    public IReadOnlyList<Channel> Channels { get; init; } = ChannelFields.Default;

    /// <summary>The account's Mastodon instance (MastodonInstance), when it posts there.</summary>
    public Uri? MastodonInstance { get; init; }

    /// <summary>The instance's status length limit as the row says (MastodonMaxCharacters, 500 by default), for validation ahead of time.</summary>
    public int MastodonMaxCharacters { get; init; } = ChannelFields.MastodonDefaultMaxCharacters;

    /// <summary>How curators get access on each channel (CuratorAccess); a channel not named is "portal".</summary>
    public IReadOnlyDictionary<Channel, string> CuratorAccess { get; init; } = new Dictionary<Channel, string>();

    /// <summary>Whether each handover makes the incoming curator a Bluesky app password and revokes the outgoing one's.</summary>
    public bool HandsOverBlueskyAppPasswords =>
        Channels.Contains(Channel.Bluesky) && CuratorAccess.GetValueOrDefault(Channel.Bluesky) == ChannelFields.AppPassword;

    /// <summary>The account's additions to the content guard (BlockedTerms, AllowedNumbers).</summary>
    public GuardRules Guard { get; init; } = GuardRules.None;

    /// <summary>Who hears of this account's failures (AdminEmails, comma-separated in the row).</summary>
    public IReadOnlyList<string> AdminEmails { get; init; } = [];

    /// <summary>The account's own curator guidelines (Guidelines); null: the default text of the language.</summary>
    public string? Guidelines { get; init; }

    /// <summary>Where curators give feedback on their week (FeedbackUrl): the thank-you notice links it.</summary>
    public string? FeedbackUrl { get; init; }

    /// <summary>X access given by hand with X Delegate (CuratorAccess X=delegate): admins get a checklist at each handover.</summary>
    public bool XDelegate => CuratorAccess.GetValueOrDefault(Channel.X) == ChannelFields.Delegate;

    /// <summary>Days after a slot ends that its curator's e-mail address stays in the Notices rows (CuratorEmailRetentionDays, 90 by default).</summary>
    public int CuratorEmailRetentionDays { get; init; } = 90;

    /// <summary>Days after a slot ends that its Posts rows are kept (PostAuditRetentionDays); null: kept, as a public authority's posts may be public records.</summary>
    public int? PostAuditRetentionDays { get; init; }

    /// <summary>When the planner last removed personal data past its retention (RetentionRunAt, written by the app).</summary>
    public DateTimeOffset? RetentionRunAt { get; init; }

    /// <summary>
    /// Errors and warnings in this row's own fields. With an error nothing is planned or posted for the
    /// account until it is fixed (its zone or templates may be wrong), but its tokens are still rotated:
    /// a typo in the schedule must not let the X token chain lapse.
    /// </summary>
    public IReadOnlyList<ScheduleProblem> Problems { get; init; } = [];

    public bool HasErrors => Problems.Any(p => p.IsError);

    public string? TokenState { get; init; }
    public string? TokenStateReason { get; init; }
    public DateTimeOffset? TokenStateAt { get; init; }

    /// <summary>When a handover step last found X's credits used up (402), as the handover processor recorded it.</summary>
    public DateTimeOffset? XCreditsExhaustedAt { get; init; }

    /// <summary>The access token's expiry as recorded after the last rotation or authorization.</summary>
    public DateTimeOffset? TokenExpiresAt { get; init; }

    public bool IsChainBroken => string.Equals(TokenState, TokenBroken, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The recorded expiry, when the chain is ok. It is written after the bundle is stored, so it is never
    /// later than the stored bundle's own expiry unless someone restores an older secret version by hand.
    /// </summary>
    public DateTimeOffset? KnownFreshUntil =>
        string.Equals(TokenState, TokenOk, StringComparison.OrdinalIgnoreCase) ? TokenExpiresAt : null;

    /// <summary>How tweets refer to the organisation: its handle when known, else its id.</summary>
    public string DisplayName => string.IsNullOrEmpty(XHandle) ? Id : "@" + XHandle;
}

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>How the PDS stand-in behaves: token lifetimes and the write rate limit.</summary>
public sealed record BlueskyStandInOptions
{
    /// <summary>How long an access token lives (the PDS issues them for about 2 hours).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long a refresh token lives unused: 90 days (bluesky-social/atproto, packages/pds/src/account-manager/helpers/auth.ts,
    /// createRefreshToken: expiresIn '90days'); then refreshSession answers 400 ExpiredToken and the account must sign in again.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Record writes per account and hour before 429 (the PDS counts 5000 points an hour, a create costing 3).</summary>
    public int WritesPerHour { get; init; } = 1666;

    /// <summary>The largest blob uploadBlob takes (the PDS's PDS_BLOB_UPLOAD_LIMIT, 5 MiB by default: packages/pds/src/config/config.ts).</summary>
    public long BlobUploadLimit { get; init; } = 5 * 1024 * 1024;
}

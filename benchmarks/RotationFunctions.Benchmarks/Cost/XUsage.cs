using RotationFunctions.Channels.X;

namespace RotationFunctions.Benchmarks.Cost;

/// <summary>
/// An account's use of X in a week, priced at <see cref="XPrices"/>. X bills per post and per post read,
/// not per request, so the bill follows how much the curators post, not our design; the defaults are a
/// stated assumption (a curator posting once a day through the portal, 20 mentions a week), not a measurement.
/// </summary>
internal sealed record XUsage(double PortalPostsPerWeek = 7, double MentionsPerWeek = 20, double LinkShare = 0)
{
    /// <summary>An intro and an outro a week.</summary>
    public const double HandoverPostsPerWeek = 2;

    public const double WeeksPerMonth = 52.0 / 12;

    public double PostsPerMonth => (HandoverPostsPerWeek + PortalPostsPerWeek) * WeeksPerMonth;

    /// <summary>
    /// The thanks reads back each post of the week once (the week report's metrics); the portal reads each
    /// mention once, because it asks only for those newer than the last it has (since_id) and caches them.
    /// </summary>
    public double ReadsPerMonth => (HandoverPostsPerWeek + PortalPostsPerWeek + MentionsPerWeek) * WeeksPerMonth;

    public double PostsUsdPerMonth =>
        PostsPerMonth * ((1 - LinkShare) * (double)XPrices.Post.Usd + LinkShare * (double)XPrices.PostWithLink.Usd);

    public double ReadsUsdPerMonth => ReadsPerMonth * (double)XPrices.PostRead.Usd;

    public double UsdPerMonth => PostsUsdPerMonth + ReadsUsdPerMonth;
}

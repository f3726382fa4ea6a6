using RotationFunctions.Text;

namespace RotationFunctions.Channels.X;

/// <summary>
/// X API pay-per-use prices (the default since February 2026), as the pricing page listed them when
/// read on <see cref="ReadOn"/>. X says the current rates are in its Developer Console: check there
/// before quoting a figure. Failed requests are not billed, and a resource read twice in one UTC day
/// is billed once.
/// </summary>
public static class XPrices
{
    public const string Source = "docs.x.com/x-api/getting-started/pricing";

    public const string ReadOn = "2026-11-27";

    public static readonly XPrice Post = new("Content: Create (a post)", 0.015m, "per request");

    /// <summary>A post that contains a URL: about 13 times a plain one.</summary>
    public static readonly XPrice PostWithLink = new("Content: Create (with URL)", 0.200m, "per request");

    /// <summary>Reads are billed per post returned: the week report's metrics and the portal's mentions.</summary>
    public static readonly XPrice PostRead = new("Posts: Read", 0.005m, "per post returned");

    public static readonly XPrice UserRead = new("User: Read", 0.010m, "per user returned");

    public static readonly XPrice Delete = new("Interaction: Delete", 0.010m, "per request");

    public static readonly XPrice MediaMetadata = new("Media Metadata (alt text)", 0.005m, "per request");

    public static IReadOnlyList<XPrice> All { get; } = [Post, PostWithLink, PostRead, UserRead, Delete, MediaMetadata];

    /// <summary>What posting <paramref name="text"/> costs: a link anywhere in it makes it a post with a URL.</summary>
    public static XPrice ForText(string text) => HasLink(text) ? PostWithLink : Post;

    public static bool HasLink(string text) => UrlExtractor.Extract(text).Count > 0;
}

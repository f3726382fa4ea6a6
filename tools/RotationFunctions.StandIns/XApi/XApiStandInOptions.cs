namespace RotationFunctions.StandIns.XApi;

/// <summary>Tunable behaviour of the X API stand-in.</summary>
public sealed class XApiStandInOptions
{
    /// <summary>
    /// X's per-app cap on POST /2/tweets: "10,000/24hrs" per app, "100/15min" per user in X's rate-limit table
    /// (docs.x.com/x-api/fundamentals/rate-limits; the pay-per-use preview at
    /// x-preview-ppu-docs-ga.mintlify.app/x-api/fundamentals/rate-limits).
    /// </summary>
    public const int XAppPostsPer24Hours = 10_000;

    /// <summary>
    /// X's account limit: 2,400 posts a day, web, apps and API together, further split into semi-hourly limits
    /// that X does not publish (X's "account limits" help page, quoted e.g. at fonearena.com/blog/482895).
    /// </summary>
    public const int XUserPostsPer24Hours = 2_400;

    /// <summary>Posts (POST /2/tweets) a user may make per <see cref="PostWindow"/>. Differs by access tier.</summary>
    public int PostLimit { get; set; } = 100;

    public TimeSpan PostWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Requests per user per <see cref="OtherWindow"/> for each other endpoint (users/me, timeline, delete).</summary>
    public int OtherLimit { get; set; } = 75;

    public TimeSpan OtherWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// POST /2/tweets a user may make per 24 hours, on top of <see cref="PostLimit"/>; over it the answer is 429
    /// with x-user-limit-24hour-limit/-remaining/-reset. Null (the default): no such cap. X's figure is
    /// <see cref="XUserPostsPer24Hours"/>.
    /// </summary>
    public int? UserPostLimit24Hours { get; set; }

    /// <summary>
    /// POST /2/tweets the whole app (every user, every OAuth client of this stand-in) may make per 24 hours; over
    /// it the answer is 429 with x-app-limit-24hour-limit/-remaining/-reset. Null (the default): no such cap.
    /// X's figure is <see cref="XAppPostsPer24Hours"/>.
    /// </summary>
    public int? AppPostLimit24Hours { get; set; }

    /// <summary>
    /// How far back an identical post by the same user (one that still exists) makes POST /2/tweets a 403
    /// "duplicate content". Null (the default): any earlier post. <see cref="TimeSpan.Zero"/>: no duplicate check
    /// at all, X posts the same text twice. Otherwise only posts created less than this long ago, by the
    /// stand-in's clock.
    /// </summary>
    /// <remarks>
    /// Undocumented: worst case modelled. X does not say how long it remembers a text, so each setting is the
    /// worst case for some promise. Null breaks "the same text can be posted again later" (a weekly intro that
    /// repeats is refused for ever). Zero breaks "a retry after a lost answer meets the duplicate check" (the
    /// retry posts a second copy). A window breaks code that assumes either: a retry inside it is refused, one
    /// after it posts twice.
    /// </remarks>
    public TimeSpan? DuplicateWindow { get; set; }

    /// <summary>
    /// How old a post must be before GET /2/users/{id}/tweets lists it (default zero: at once). Undocumented:
    /// worst case modelled. X's timelines are eventually consistent and X gives no bound, so code that looks
    /// for its own post right after posting (or after a lost answer) must cope with not finding it.
    /// </summary>
    public TimeSpan TimelineLag { get; set; }

    /// <summary>
    /// The weighted length X checks against 280. Null uses <see cref="XApiStandIn.SimpleWeightedLength"/>;
    /// tests can pass the real twitter-text counter.
    /// </summary>
    public Func<string, int>? WeightedLength { get; set; }
}

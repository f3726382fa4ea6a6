namespace RotationFunctions.StandIns.XApi;

/// <summary>Tunable behaviour of the X API stand-in.</summary>
public sealed class XApiStandInOptions
{
    /// <summary>Posts (POST /2/tweets) a user may make per <see cref="PostWindow"/>. Differs by access tier.</summary>
    public int PostLimit { get; set; } = 100;

    public TimeSpan PostWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Requests per user per <see cref="OtherWindow"/> for each other endpoint (users/me, timeline, delete).</summary>
    public int OtherLimit { get; set; } = 75;

    public TimeSpan OtherWindow { get; set; } = TimeSpan.FromMinutes(15);

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

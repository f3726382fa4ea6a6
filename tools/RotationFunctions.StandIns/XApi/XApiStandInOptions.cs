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
    /// The weighted length X checks against 280. Null uses <see cref="XApiStandIn.SimpleWeightedLength"/>;
    /// tests can pass the real twitter-text counter.
    /// </summary>
    public Func<string, int>? WeightedLength { get; set; }
}

using RotationFunctions.Channels.X;

namespace RotationFunctions.Notices;

/// <summary>
/// The thank-you's week report: how many posts the slot made (its intro, its portal posts and its outro, as the
/// tables record them, on any of the account's channels) and, when X answered, the reactions to the week's posts on X.
/// </summary>
public sealed record WeekReport(int Posts)
{
    /// <summary>Likes, reposts, replies and impressions summed over <see cref="Measured"/> posts; null without numbers.</summary>
    public XPublicMetrics? Totals { get; init; }

    /// <summary>The posts the totals cover: the account's timeline in the slot, its intro and its portal posts, each once.</summary>
    public int Measured { get; init; }

    /// <summary>Posts the tables name that X could not show (deleted, or never made): not in the totals.</summary>
    public int Unreadable { get; init; }

    /// <summary>The account does not post on X, the only network the reactions are read from: the thanks says they are not available.</summary>
    public bool NotOnX { get; init; }

    /// <summary>X did not answer (an outage, used-up credits, a broken token): the thanks goes without numbers and says so.</summary>
    public bool MetricsFailed { get; init; }

    /// <summary>Posts X returned to build the report: each is a billed read.</summary>
    public int Reads { get; init; }
}

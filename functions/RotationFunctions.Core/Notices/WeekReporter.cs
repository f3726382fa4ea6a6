using RotationFunctions.Channels.X;
using RotationFunctions.Handover;
using RotationFunctions.Portal;
using RotationFunctions.Schedule;
using RotationFunctions.Tokens;

namespace RotationFunctions.Notices;

/// <summary>
/// Builds the thank-you's week report. The slot's posts are the account's X timeline between the slot's start and
/// end (one page of up to 100 posts a request, with public_metrics), plus the intro and the portal posts the tables
/// name that the timeline did not list (it lags, docs.x.com gives no bound), looked up by id (GET /2/tweets, at most
/// 100 ids a request). Every post X returns is a billed read, so each is read once per report. A failure of X
/// never holds the thanks back: the report then has no numbers.
/// </summary>
public sealed class WeekReporter(
    HandoverStore handovers,
    PostsTable posts,
    IServiceProvider services,
    ILogger<WeekReporter> logger)
{
    /// <summary>At most this many timeline pages (1,000 posts): a runaway week must not run up the read bill.</summary>
    public const int MaxTimelinePages = 10;

    private static readonly TimeSpan MinValidity = TimeSpan.FromMinutes(2);

    public async Task<WeekReport> BuildAsync(AccountSettings account, Slot slot, CancellationToken cancellationToken)
    {
        var intro = await handovers.GetAsync(account.Id, HandoverMessage.BoundaryKey(slot.StartsAt), cancellationToken);
        var outro = slot.EndsAt is { } end ? await handovers.GetAsync(account.Id, HandoverMessage.BoundaryKey(end), cancellationToken) : null;
        var portalPosts = (await posts.ListAsync(account.Id, slot.RowKey, cancellationToken)).Where(p => p.Status == PostStatus.Posted).ToList();
        var introPosted = intro?.IntroStatus == StepStatus.Posted;
        // An intro or outro counts once, on whichever of its channels it went: the curator posted it once.
        // A portal post ticked for several networks is one post with a row per network.
        var portalPostCount = portalPosts.Select(p => p.FormPostId).Distinct(StringComparer.Ordinal).Count();
        var report = new WeekReport((PostedOnAny(intro, StepKind.Intro) ? 1 : 0) + (PostedOnAny(outro, StepKind.Outro) ? 1 : 0) + portalPostCount);
        if (!account.Channels.Contains(Channel.X))
        {
            return report with { NotOnX = true };
        }
        if (account.DryRun || slot.EndsAt is not { } slotEnd)
        {
            return report;
        }
        // Resolved here, not injected: a host without X (a test's, the CLI's) still builds the notices.
        var x = services.GetService<XClient>();
        var rotator = services.GetService<TokenRotator>();
        if (x is null || rotator is null)
        {
            return report;
        }
        IEnumerable<string?> named = [introPosted ? intro!.IntroTweetId : null, .. portalPosts.Where(p => p.ChannelOrX == Channel.X).Select(p => p.TweetId)];
        try
        {
            var token = (await rotator.GetValidAsync(account.Id, MinValidity, cancellationToken)).AccessToken;
            var userId = string.IsNullOrEmpty(account.XUserId) ? (await x.GetMeAsync(token, cancellationToken)).Id : account.XUserId;
            var measured = new Dictionary<string, XPublicMetrics>(StringComparer.Ordinal);
            var reads = 0;
            string? next = null;
            for (var page = 0; page < MaxTimelinePages && (page == 0 || next is not null); page++)
            {
                var timeline = await x.GetUserTweetsBetweenAsync(token, userId, slot.StartsAt, slotEnd, next, cancellationToken);
                reads += timeline.Tweets.Count;
                Measure(measured, timeline.Tweets);
                next = timeline.NextToken;
            }
            var unreadable = 0;
            foreach (var chunk in named.OfType<string>().Where(id => id.Length > 0 && !measured.ContainsKey(id)).Distinct().Chunk(XClient.MaxLookupIds))
            {
                var lookup = await x.GetTweetsWithMetricsAsync(token, chunk, cancellationToken);
                reads += lookup.Found.Count;
                Measure(measured, lookup.Found);
                unreadable += lookup.Missing.Count;
            }
            var totals = new XPublicMetrics(
                measured.Values.Sum(m => m.Likes), measured.Values.Sum(m => m.Reposts), measured.Values.Sum(m => m.Replies), measured.Values.Sum(m => m.Impressions));
            logger.WeekReportRead(account.Id, slot.RowKey, measured.Count, unreadable, reads);
            return report with { Totals = totals, Measured = measured.Count, Unreadable = unreadable, Reads = reads };
        }
        catch (Exception e) when (e is XApiException or TokenUnavailableException)
        {
            // The kind only: X's message may quote a post.
            logger.WeekReportWithoutNumbers(account.Id, slot.RowKey, e is XApiException xe ? xe.Kind.ToString() : ((TokenUnavailableException)e).Failure.ToString());
            return report with { MetricsFailed = true };
        }
    }

    private static bool PostedOnAny(HandoverRecord? record, StepKind kind) =>
        record is not null && record.PostsOn().Any(channel => record.Step(kind, channel).Status == StepStatus.Posted);

    private static void Measure(Dictionary<string, XPublicMetrics> measured, IEnumerable<XTweet> tweets)
    {
        foreach (var tweet in tweets)
        {
            measured[tweet.Id] = tweet.PublicMetrics ?? new XPublicMetrics(0, 0, 0, 0);
        }
    }
}

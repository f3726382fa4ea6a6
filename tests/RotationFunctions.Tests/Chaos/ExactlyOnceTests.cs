using System.Globalization;
using RotationFunctions.Chaos;

namespace RotationFunctions.Tests.Chaos;

/// <summary>
/// The checker's exactly-once judgement on hand-made worlds: X's record of the posts it accepted
/// against what the schedule asked for. When X has no duplicate check nothing stops a second post,
/// so the judgement, not X, must catch it: the same text twice, or two texts for one step.
/// </summary>
public sealed class ExactlyOnceTests
{
    private static readonly DateTimeOffset At = new(2027, 3, 1, 7, 0, 0, TimeSpan.Zero);
    private const string Outro = "My week is over, over to Bo. /Anna";
    private const string Intro = "Hi! I'm Bo, from today I tweet here.";
    private const string EditedIntro = "Ny presentation 7: jag är Bo.";

    [Fact]
    public void Each_step_on_X_once_in_order_is_quiet()
    {
        var violations = Judge([Handover(Boundary(Outro, Intro))], Tweet(1, Outro, 1), Tweet(2, Intro, 1));

        Assert.Empty(violations);
    }

    [Fact]
    public void The_same_text_posted_twice_is_a_second_post()
    {
        // X with its duplicate check off accepts the repeat: only the checker can see it.
        var violations = Judge([Handover(Boundary(Outro, Intro))], Tweet(1, Outro, 1), Tweet(2, Intro, 1), Tweet(3, Intro, 9));

        var violation = Assert.Single(violations);
        Assert.Equal("acct/2027-03-01T07:00:00Z", violation.Where);
        Assert.Contains("intro posted 2 times", violation.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_texts_for_one_step_are_a_second_post_even_when_each_was_a_version_of_the_schedule()
    {
        // An admin edited the incoming slot minutes after the boundary: either text may be posted, not both.
        var edited = Handover(Boundary(Outro, Intro), Boundary(Outro, EditedIntro));

        var violations = Judge([edited], Tweet(1, Outro, 1), Tweet(2, Intro, 1), Tweet(3, EditedIntro, 6));

        var violation = Assert.Single(violations);
        Assert.Contains("intro posted 2 times with 2 different texts", violation.What, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Intro)]
    [InlineData(EditedIntro)]
    public void Either_version_of_an_edited_step_once_is_quiet(string posted)
    {
        var edited = Handover(Boundary(Outro, Intro), Boundary(Outro, EditedIntro));

        Assert.Empty(Judge([edited], Tweet(1, Outro, 1), Tweet(2, posted, 1)));
    }

    [Fact]
    public void A_boundary_deleted_while_it_could_run_may_have_posted_nothing_but_not_twice()
    {
        var deleted = Handover(Boundary(Outro, Intro), null);

        Assert.Empty(Judge([deleted]));
        Assert.Contains(Judge([deleted], Tweet(1, Outro, 1), Tweet(2, Outro, 2)), v => v.What.Contains("outro posted 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void A_step_never_posted_and_a_tweet_of_no_boundary_are_reported()
    {
        var violations = Judge([Handover(Boundary(Outro, Intro))], Tweet(1, Outro, 1), Tweet(2, "Something else entirely", 1));

        Assert.Contains(violations, v => v.What.StartsWith("intro never posted", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Where == "acct/?" && v.What.Contains("belongs to no boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void A_slots_own_text_at_its_later_boundary_belongs_to_that_boundary()
    {
        // The same outro text is a version of two boundaries (its slot's end moved): one tweet for each is no repeat.
        var first = Handover(Boundary(Outro, Intro), Boundary(Outro, null));
        var later = new ExpectedHandover("acct", At.AddDays(3), [Boundary(Outro, null) with { At = At.AddDays(3) }]);

        Assert.Empty(Judge([first, later], Tweet(1, Outro, 1), Tweet(2, Intro, 1), Tweet(3, Outro, 72.1 * 60)));
    }

    private static List<(string Where, string What)> Judge(IReadOnlyList<ExpectedHandover> handovers, params XTweet[] tweets) =>
        ExactlyOnce.Judge("acct", handovers, tweets, _ => false);

    private static ExpectedHandover Handover(params ExpectedBoundary?[] variants) => new("acct", At, variants);

    private static ExpectedBoundary Boundary(string? outro, string? intro) => new("acct", At, Held: false, outro, OutroBlocked: false, intro, IntroBlocked: false);

    private static XTweet Tweet(int id, string text, double minutesAfter) =>
        new((1_860_000_000_000_000_000 + id).ToString(CultureInfo.InvariantCulture), "u1", text, At.AddMinutes(minutesAfter), null, null, Deleted: false);
}

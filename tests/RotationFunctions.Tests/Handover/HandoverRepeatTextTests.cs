using RotationFunctions.Handover;
using RotationFunctions.Tests.Infrastructure;
using RotationFunctions.Tests.Schedule;

namespace RotationFunctions.Tests.Handover;

/// <summary>X refuses an exact repeat with 403: that refusal is not proof that this handover posted.</summary>
[Collection(PipelineCollection.Name)]
public sealed class HandoverRepeatTextTests(AzuriteFixture azurite)
{
    private const string SameIntro = "Hej från akuten! Följ med mig i veckan.";

    [Fact]
    public async Task An_intro_with_the_same_text_as_an_older_tweet_fails_naming_that_tweet_and_is_not_recorded_as_posted()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, SixWeekSchedule.Start);
        await env.AddAccountAsync();
        await env.AddSlotAsync(Rows.Slot("2027-01-04", "Anna Svensson", "anna_sv").With("IntroText", SameIntro));
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare").With("IntroText", SameIntro));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6));

        var first = Assert.Single(env.X.GetTweets(PipelineEnvironment.UserId), t => t.Text == SameIntro);
        var second = (await env.HandoverRowsAsync()).Single(r => r.RowKey == "2027-01-11T07:00:00Z");
        Assert.Equal(StepStatus.Posted, second.OutroStatus);
        Assert.Equal(StepStatus.Failed, second.IntroStatus);
        Assert.Null(second.IntroTweetId);
        Assert.Contains($"same text as tweet {first.Id} of 2027-01-04", second.Note, StringComparison.Ordinal);
    }
}

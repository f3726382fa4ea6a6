namespace RotationFunctions.Tests.Handover;

[Collection(AzuriteCollection.Name)]
public sealed class HandoverPunctualityTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Boundary = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_message_a_few_seconds_early_waits_for_the_boundary_and_posts_exactly_then()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, Boundary - TimeSpan.FromSeconds(3));
        await env.AddAccountAsync();
        await env.AddSlotAsync(Rows.Slot("2027-01-04", account: PipelineEnvironment.AccountId));
        await env.Planner.PlanAsync(default);

        // The queue rounds delays down to whole seconds, so the message shows up early.
        var handling = env.Processor.HandleAsync(new HandoverMessage(1, PipelineEnvironment.AccountId, Boundary).ToJson(), 1, default);
        await Task.Delay(200);
        Assert.False(handling.IsCompleted, "the handover ran before its boundary");
        Assert.Empty(env.Tweets());

        env.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HandoverOutcome.Completed, await handling.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Boundary, Assert.Single(env.X.GetTweets(PipelineEnvironment.UserId)).CreatedAt);
    }

    [Fact]
    public async Task A_message_hours_early_goes_back_on_the_queue_and_posts_nothing()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, Boundary - TimeSpan.FromHours(3));
        await env.AddAccountAsync();
        await env.AddSlotAsync(Rows.Slot("2027-01-04", account: PipelineEnvironment.AccountId));

        var outcome = await env.Processor.HandleAsync(new HandoverMessage(1, PipelineEnvironment.AccountId, Boundary).ToJson(), 1, default);

        Assert.Equal(HandoverOutcome.NotYetDue, outcome);
        Assert.Empty(env.Tweets());
        Assert.Equal(1, await env.QueueLengthAsync(env.Handovers.Queue));
    }
}

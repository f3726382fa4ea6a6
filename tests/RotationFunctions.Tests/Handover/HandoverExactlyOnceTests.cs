namespace RotationFunctions.Tests.Handover;

/// <summary>
/// A step is posted once even when X would post the same text twice: the X stand-in's duplicate check is
/// off and its timeline lags, the worst X the promise is made for. Two deliveries of one handover are
/// interleaved by holding a post in flight (<see cref="PostGate"/>) on the fake clock.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HandoverExactlyOnceTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Boundary = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
    private static readonly string Message = new HandoverMessage(1, PipelineEnvironment.AccountId, Boundary).ToJson();

    /// <summary>How long a test waits, in real time, for a worker to reach a point it is expected to reach.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>X with no duplicate check and a timeline that shows a post only 30 s after it was made.</summary>
    private static XApiStandInOptions ForgetfulX() => new() { DuplicateWindow = TimeSpan.Zero, TimelineLag = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_second_delivery_while_the_first_is_posting_leaves_the_step_to_it_and_the_intro_is_posted_once() =>
        // The queue delivers the same handover again (at least once).
        await WhileTheIntroIsInFlightAsync(env => Quietly(env.Processor.HandleAsync(Message, 1, default)));

    [Fact]
    public async Task A_row_written_by_someone_else_while_the_intro_is_in_flight_still_records_the_post_and_posts_once()
    {
        // An admin notes something on the row in Storage Explorer.
        var row = await WhileTheIntroIsInFlightAsync(env => env.HandoversTable.UpdateEntityAsync(
            new Azure.Data.Tables.TableEntity(PipelineEnvironment.AccountId, Key) { ["Note"] = "checked by ops" },
            Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge));
        Assert.Equal("checked by ops", row.Note);
    }

    [Fact]
    public async Task A_post_that_takes_longer_than_the_claim_timeout_keeps_its_claim_and_a_second_delivery_leaves_it_alone() =>
        // X's answer takes a minute (a slow X, a rate-limit wait inside the publish): longer than the 45 s claim.
        await WhileTheIntroIsInFlightAsync(async env =>
        {
            for (var i = 0; i < 4; i++)
            {
                env.Time.Advance(TimeSpan.FromSeconds(15));
                await WaitForAsync(async () => (await env.HandoverRowAsync(Key)).IntroAt >= env.Time.GetUtcNow());
            }
            await Quietly(env.Processor.HandleAsync(Message, 1, default));
        });

    [Fact]
    public async Task A_worker_whose_claim_another_worker_took_does_not_post()
    {
        await using var env = await AtBoundaryAsync();

        // The first worker has claimed the intro and is about to post when it stalls (a pause, a slow token
        // refresh) past its claim; another worker takes the step over.
        var (first, gate) = await HoldFirstDeliveryAsync(env, afterX: false);
        await env.HandoversTable.UpdateEntityAsync(
            new Azure.Data.Tables.TableEntity(PipelineEnvironment.AccountId, Key)
            {
                ["IntroStatus"] = StepStatus.Posting,
                ["IntroAt"] = env.Time.GetUtcNow(),
                ["IntroClaim"] = "another-worker",
            },
            Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge);
        // Its next renewal is due; it must find the claim gone and give up before X sees anything.
        env.Time.Advance(TimeSpan.FromSeconds(15));
        await WaitForAsync(() => Task.FromResult(first.IsCompleted));
        gate.Open();
        await Quietly(first);

        Assert.Equal(0, env.PostAttempts);
        Assert.Equal("another-worker", (await env.HandoverRowAsync(Key)).IntroClaim);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_retry_after_a_crash_posts_the_text_first_attempted_once_though_the_slot_was_edited(bool afterX)
    {
        await using var env = await AtBoundaryAsync();
        await CrashAsync(env, afterX);
        await env.AddSlotAsync(Rows.Slot("2027-01-04").With("IntroText", "Hej! Anna här, veckans röst på @Sodersjukhuset."));

        await DeliverLaterAsync(env);

        // After X took it, the retry finds it on X and posts nothing new; before, it posts what it first tried.
        Assert.Equal([SixWeekSchedule.AnnasIntro], env.Tweets());
        var row = await AssertIntroPostedOnceAsync(env, HandoverStatus.Done);
        Assert.Equal(SixWeekSchedule.AnnasIntro, row.IntroText);
    }

    [Fact]
    public async Task A_slot_deleted_after_its_intro_reached_X_records_the_intro_posted_with_its_tweet()
    {
        await using var env = await AtBoundaryAsync();
        await CrashAsync(env, afterX: true);
        await env.DeleteSlotAsync("2027-01-04");

        await DeliverLaterAsync(env);
        await AssertIntroPostedOnceAsync(env, HandoverStatus.Obsolete);
    }

    [Fact]
    public async Task A_slot_deleted_after_its_intro_was_tried_but_never_reached_X_makes_the_handover_obsolete_and_posts_nothing()
    {
        await using var env = await AtBoundaryAsync();
        await CrashAsync(env, afterX: false);
        await env.DeleteSlotAsync("2027-01-04");

        await DeliverLaterAsync(env);

        Assert.Empty(env.Tweets());
        var row = await env.HandoverRowAsync(Key);
        Assert.Equal(HandoverStatus.Obsolete, row.Status);
        Assert.NotEqual(StepStatus.Posted, row.IntroStatus);
        Assert.Contains("its intro, tried at 2027-01-04 07:00:00 UTC, is not on X and was not posted", row.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_whose_answer_was_lost_is_looked_for_once_X_shows_it_and_not_posted_again()
    {
        await using var env = await AtBoundaryAsync();
        // X makes the post, then the connection drops before its answer arrives.
        env.X.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/2/tweets", timing: FaultTiming.AfterApplying);

        await env.DeliverDueAsync();
        // A second copy of the handover 10 s later, while X's timeline does not show the post yet.
        env.Time.Advance(TimeSpan.FromSeconds(10));
        await Quietly(env.Processor.HandleAsync(Message, 1, default));
        Assert.Equal(1, env.PostAttempts);

        await env.RunUntilAsync(Boundary.AddMinutes(10), TimeSpan.FromSeconds(30));
        await AssertIntroPostedOnceAsync(env, HandoverStatus.Done);
    }

    /// <summary>The six-week pipeline at the first boundary, its handover planned, on <see cref="ForgetfulX"/>.</summary>
    private async Task<PipelineEnvironment> AtBoundaryAsync()
    {
        var env = await SixWeekSchedule.StartAsync(azurite, ForgetfulX());
        await env.AdvanceToAndPlanAsync(Boundary);
        return env;
    }

    /// <summary>
    /// The first delivery's intro reached X and its answer is slow to arrive: <paramref name="meanwhile"/> runs, then
    /// the answer comes and later deliveries follow. The intro ends posted once; returns the handover's row.
    /// </summary>
    private async Task<HandoverRecord> WhileTheIntroIsInFlightAsync(Func<PipelineEnvironment, Task> meanwhile)
    {
        await using var env = await AtBoundaryAsync();
        var (first, gate) = await HoldFirstDeliveryAsync(env, afterX: true);
        await meanwhile(env);
        gate.Open();
        await Quietly(first);

        await DeliverLaterAsync(env);
        return await AssertIntroPostedOnceAsync(env, HandoverStatus.Done);
    }

    /// <summary>
    /// Starts a delivery and holds it at <see cref="PostGate"/>: just after X accepted its post (<paramref name="afterX"/>)
    /// or just before X sees it. The test opens the gate and awaits the delivery with <see cref="Quietly"/>.
    /// </summary>
    private static async Task<(Task<HandoverOutcome> First, PostGate Gate)> HoldFirstDeliveryAsync(PipelineEnvironment env, bool afterX)
    {
        var gate = new PostGate();
        if (afterX)
        {
            env.Hooks.AfterPost = gate.PassAsync;
        }
        else
        {
            env.Hooks.BeforePost = gate.PassAsync;
        }
        var first = env.Processor.HandleAsync(Message, 1, default);
        await gate.Reached.WaitAsync(Patience);
        return (first, gate);
    }

    /// <summary>Later deliveries (the planner's message, any copies) once any claim could have expired.</summary>
    private static async Task DeliverLaterAsync(PipelineEnvironment env)
    {
        env.AdvanceTo(Boundary.AddMinutes(5));
        await env.DeliverDueAsync();
    }

    /// <summary>X has one tweet, and the handover's one row records it as its posted intro and ends <paramref name="status"/>.</summary>
    private static async Task<HandoverRecord> AssertIntroPostedOnceAsync(PipelineEnvironment env, string status)
    {
        var tweet = Assert.Single(env.X.GetTweets(PipelineEnvironment.UserId));
        var row = Assert.Single(await env.HandoverRowsAsync());
        Assert.Equal(status, row.Status);
        Assert.Equal((StepStatus.Posted, tweet.Id), (row.IntroStatus, row.IntroTweetId));
        return row;
    }

    /// <summary>
    /// The worker's host stops it just after X accepted its post (<paramref name="afterX"/>) or just before X
    /// sees it: nothing more is written, so its claim stays in the row as a crash leaves it.
    /// </summary>
    private static async Task CrashAsync(PipelineEnvironment env, bool afterX)
    {
        using var host = new CancellationTokenSource();
        Task Crash(string text, CancellationToken cancellationToken)
        {
            host.Cancel();
            host.Token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }
        if (afterX)
        {
            env.Hooks.AfterPost = Crash;
        }
        else
        {
            env.Hooks.BeforePost = Crash;
        }
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => env.Processor.HandleAsync(Message, 1, host.Token));
        env.Hooks.AfterPost = env.Hooks.BeforePost = null;
        Assert.Equal(StepStatus.Posting, (await env.HandoverRowAsync(Key)).IntroStatus);
    }

    private const string Key = "2027-01-04T07:00:00Z";

    /// <summary>Waits (real time, a few seconds at most) until <paramref name="condition"/> holds; the test's assertions say whether it did.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Runs a delivery to its end; a failure is the queue's to retry, which later deliveries model.</summary>
    private static async Task Quietly(Task<HandoverOutcome> delivery)
    {
        try
        {
            await delivery.WaitAsync(Patience);
        }
        catch (Exception e) when (e is not TimeoutException)
        {
        }
    }
}

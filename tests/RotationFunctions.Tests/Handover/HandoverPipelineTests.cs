using System.Text;
using Azure.Storage.Queues;

namespace RotationFunctions.Tests.Handover;

/// <summary>The whole plan → queue → hand over path on a real Azurite and the X stand-in.</summary>
[Collection(PipelineCollection.Name)]
public sealed class HandoverPipelineTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Six_week_schedule_posts_exactly_the_expected_tweets_in_order_on_time()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);

        await env.RunUntilAsync(new DateTimeOffset(2027, 2, 16, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal(SixWeekSchedule.Expected(), env.Tweets());
        var rows = await env.HandoverRowsAsync();
        Assert.Equal(7, rows.Count);
        Assert.All(rows, r => Assert.Equal(HandoverStatus.Done, r.Status));
        // Delivered at the boundary, never before: each tweet's time is on the hour of its boundary.
        foreach (var tweet in env.X.GetTweets(PipelineEnvironment.UserId))
        {
            Assert.Contains(rows, r => tweet.CreatedAt >= r.BoundaryAt && tweet.CreatedAt - r.BoundaryAt < TimeSpan.FromHours(1));
        }
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.Queue));
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.PoisonQueue));
    }

    [Fact]
    public async Task An_account_row_without_an_Enabled_column_is_planned_and_its_tokens_rotated()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        Assert.False(Rows.Account(PipelineEnvironment.AccountId).ContainsKey("Enabled"));

        var plan = await env.Planner.PlanAsync(default);
        // The seeded access token lives 2 h; 100 minutes on it is within the rotation's 30-minute threshold.
        env.Time.Advance(TimeSpan.FromMinutes(100));
        var rotation = await env.Rotation.RotateDueAsync(default);

        Assert.Contains(plan.Handovers, h => h.Action == PlanAction.Planned);
        var rotated = Assert.Single(rotation.Accounts, a => a.AccountId == PipelineEnvironment.AccountId);
        Assert.Equal(RotationFunctions.Tokens.RotationStatus.Rotated, rotated.Status);
    }

    [Fact]
    public async Task A_message_delivered_twice_posts_once()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.Planner.PlanAsync(default);
        var boundary = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
        // The same message a second time, as a queue may deliver it.
        await env.Handovers.EnqueueAsync(new HandoverMessage(1, PipelineEnvironment.AccountId, boundary), TimeSpan.Zero, default);

        env.Time.Advance(TimeSpan.FromHours(1));
        await env.DeliverDueAsync();
        await env.Processor.HandleAsync(new HandoverMessage(1, PipelineEnvironment.AccountId, boundary).ToJson(), 1, default);

        Assert.Equal([SixWeekSchedule.AnnasIntro], env.Tweets());
        Assert.Equal(1, env.PostAttempts);
    }

    [Fact]
    public async Task A_crash_between_outro_and_intro_resumes_with_the_intro_only()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        // The intro's post reaches X but the answer is lost: the worker sees a failure after the outro was recorded.
        env.X.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/2/tweets", timing: FaultTiming.AfterApplying);
        await env.AdvanceToAndPlanAsync(new DateTimeOffset(2027, 1, 11, 7, 0, 0, TimeSpan.Zero));

        // Outro recorded, the intro attempt failed; the retry, once X's timeline shows posts of that time,
        // finds the intro there and records it as posted.
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 7, 5, 0, TimeSpan.Zero), TimeSpan.FromSeconds(30));

        var expected = new[]
        {
            SixWeekSchedule.AnnasIntro,
            SixWeekSchedule.AnnasOutro,
            SixWeekSchedule.BosIntro,
        };
        Assert.Equal(expected, env.Tweets());
        var row = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Equal(StepStatus.Posted, row.OutroStatus);
        Assert.Equal(StepStatus.Posted, row.IntroStatus);
        Assert.Equal(env.X.GetTweets(PipelineEnvironment.UserId)[^1].Id, row.IntroTweetId);
        Assert.Equal(3, env.PostAttempts);
    }

    [Fact]
    public async Task A_slot_edited_after_planning_uses_the_current_curator()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6));
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Greta Ny", "greta_ny", "kurator", account: PipelineEnvironment.AccountId));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal(
            [
                SixWeekSchedule.AnnasIntro,
                SixWeekSchedule.Outro("Anna Svensson", "Greta Ny", "greta_ny", "kurator"),
                SixWeekSchedule.Intro("Greta Ny", "greta_ny", "kurator", "11 januari"),
            ],
            env.Tweets());
        Assert.Equal("Greta Ny", (await env.HandoverRowAsync("2027-01-11T07:00:00Z")).IncomingCurator);
    }

    [Fact]
    public async Task A_slot_moved_after_planning_makes_the_old_boundary_obsolete_and_plans_the_new_one()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6));
        // Bo starts at noon instead of 08:00.
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare", account: PipelineEnvironment.AccountId).With("StartsAt", "2027-01-11T12:00"));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        var rows = await env.HandoverRowsAsync();
        var old = rows.Single(r => r.RowKey == "2027-01-11T07:00:00Z");
        Assert.Equal(HandoverStatus.Obsolete, old.Status);
        Assert.Contains("no longer has a boundary", old.Note);
        Assert.Equal(HandoverStatus.Done, rows.Single(r => r.RowKey == "2027-01-11T11:00:00Z").Status);
        Assert.Equal(3, env.Tweets().Count);
    }

    [Fact]
    public async Task A_deleted_slot_after_planning_posts_nothing_for_it()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6));
        await env.DeleteSlotAsync("2027-01-11");

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([SixWeekSchedule.AnnasIntro], env.Tweets());
        var row = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(HandoverStatus.Obsolete, row.Status);
    }

    [Fact]
    public async Task An_unaccepted_curators_intro_waits_and_is_posted_when_they_accept_within_the_first_day()
    {
        // Issue 15: acceptance is a state, not an error; the outro goes at the boundary, the intro waits for it.
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        var bo = Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare", approved: false, account: PipelineEnvironment.AccountId);
        await env.AddSlotAsync(bo);

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 11, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([SixWeekSchedule.AnnasIntro, SixWeekSchedule.AnnasOutro], env.Tweets());
        var waiting = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(StepStatus.Posted, waiting.OutroStatus);
        Assert.Equal(StepStatus.Pending, waiting.IntroStatus);
        Assert.False(HandoverStatus.IsFinal(waiting.Status));
        Assert.Contains("waits for Bo Ek (row 2027-01-11) to accept the curator guidelines until 2027-01-12 08:00", waiting.Note);

        // Bo accepts in the portal at 13:00 (UTC 12:00), 5 h into his week.
        await env.AddSlotAsync(bo.With("AcceptedAt", new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero))
            .With("GuidelinesVersion", CuratorGuidelines.Version(CuratorGuidelines.Default("sv"))));
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 13, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([SixWeekSchedule.AnnasIntro, SixWeekSchedule.AnnasOutro, SixWeekSchedule.BosIntro], env.Tweets());
        var done = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(HandoverStatus.Done, done.Status);
        Assert.Equal(StepStatus.Posted, done.IntroStatus);
        Assert.True(done.IntroAt >= new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task An_intro_whose_curator_never_accepts_is_skipped_after_the_first_day_with_the_reason()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare", approved: false, account: PipelineEnvironment.AccountId));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 12, 9, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([SixWeekSchedule.AnnasIntro, SixWeekSchedule.AnnasOutro], env.Tweets());
        var row = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Equal(StepStatus.Skipped, row.IntroStatus);
        Assert.Contains("intro skipped: Bo Ek (row 2027-01-11) did not accept the curator guidelines within 24 h of the start", row.Note);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning && r.Message.Contains("2027-01-11", StringComparison.Ordinal) && r.Message.Contains("did not accept", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_outro_that_would_mention_a_stranger_is_blocked_at_the_boundary_as_validation_reports_it()
    {
        // Before the one step rule the processor posted it and left it to X to accept or refuse.
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.AddSlotAsync(Rows.Slot("2027-01-04", "Anna Svensson", "anna_sv", "sjuksköterska på akuten", account: PipelineEnvironment.AccountId)
            .With("OutroText", "Tack! Över till {next_handle}, hälsa @elonmusk"));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([SixWeekSchedule.AnnasIntro, SixWeekSchedule.BosIntro], env.Tweets());
        var row = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(StepStatus.Blocked, row.OutroStatus);
        Assert.Equal("Tack! Över till @bo_ek, hälsa @elonmusk", row.OutroText);
        Assert.Contains("outro blocked: the outro (Schedule.OutroText) would @-mention @elonmusk", row.Note);
    }

    [Fact]
    public async Task Dry_run_account_posts_nothing_and_the_row_keeps_what_would_have_been_posted()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.AddAccountAsync(Rows.Account(PipelineEnvironment.AccountId).With("DryRun", true));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Empty(env.Tweets());
        var row = Assert.Single(await env.HandoverRowsAsync());
        Assert.Equal(StepStatus.DryRun, row.IntroStatus);
        Assert.Equal(SixWeekSchedule.AnnasIntro, row.IntroText);
    }

    [Fact]
    public async Task Handover_across_the_spring_dst_change_happens_at_08_local()
    {
        var start = new DateTimeOffset(2027, 3, 27, 12, 0, 0, TimeSpan.Zero);
        await using var env = await PipelineEnvironment.StartAsync(azurite, start);
        await env.AddAccountAsync();
        await env.AddSlotAsync(Rows.Slot("2027-03-22", "Anna", "anna", "sjuksköterska", account: PipelineEnvironment.AccountId));
        await env.AddSlotAsync(Rows.Slot("2027-03-29", "Bo", "bo", "vaktmästare", account: PipelineEnvironment.AccountId));

        await env.RunUntilAsync(new DateTimeOffset(2027, 3, 29, 6, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30));

        // Summer time from 2027-03-28: 08:00 in Stockholm is 06:00 UTC, not 07:00.
        var row = (await env.HandoverRowsAsync()).Single(r => r.IncomingCurator == "Bo");
        Assert.Equal("2027-03-29T06:00:00Z", row.RowKey);
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Equal(2, env.Tweets().Count);
    }

    [Fact]
    public async Task Planner_tick_with_nothing_new_makes_two_bounded_reads_per_account_and_writes_nothing()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.Planner.PlanAsync(default);
        env.Time.Advance(TimeSpan.FromMinutes(5));
        env.Requests.Reset();

        var result = await env.Planner.PlanAsync(default);

        Assert.Empty(result.Handovers);
        var requests = env.Requests.Snapshot();
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        // Accounts list, one Schedule key range, one Handovers key range.
        Assert.Equal(3, requests.Count);
    }

    [Fact]
    public async Task Malformed_messages_go_to_poison_at_once_without_calling_X()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.Handovers.Queue.SendMessageAsync("{not json");
        await env.Handovers.Queue.SendMessageAsync("{\"v\": 9, \"account\": \"sos\", \"boundary\": \"2027-01-04T07:00:00Z\"}");

        await env.DeliverDueAsync();

        Assert.Equal(2, await env.QueueLengthAsync(env.Handovers.PoisonQueue));
        Assert.Equal(0, env.PostAttempts);
        var errors = env.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Error).Select(r => r.Message).ToList();
        Assert.Contains(errors, m => m.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("schema version 9 is not supported", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handover_that_keeps_failing_lands_in_poison_with_an_error_naming_it_and_the_row_failed()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.Planner.PlanAsync(default);
        // After planning, an admin breaks the account row: every delivery fails until it is fixed. (An X
        // outage no longer does this: the handover waits for X instead, see HandoverXRefusalTests.)
        await env.AddAccountAsync(Rows.Account(PipelineEnvironment.AccountId).With("TimeZone", "Mars/Olympus_Mons"));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 4, 7, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Empty(env.Tweets());
        Assert.Equal(1, await env.QueueLengthAsync(env.Handovers.PoisonQueue));
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.Queue));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains("sos/2027-01-04T07:00:00Z failed for good", StringComparison.Ordinal));
        Assert.Equal(HandoverStatus.Failed, Assert.Single(await env.HandoverRowsAsync()).Status);
    }

    [Fact]
    public async Task A_post_rate_limited_for_longer_than_the_queue_retries_waits_for_the_reset_instead_of_poisoning()
    {
        // Found by the chaos suite: a 429 whose reset is minutes away failed every delivery (5 × 30 s)
        // and the handover failed for good. Now each 429 sends a copy that waits for the reset.
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        env.X.InjectFault(Fault.TooManyRequests(TimeSpan.FromMinutes(5)), count: 8, method: "POST", path: "/2/tweets");

        // Eight 5-minute waits: the copy is not handled before its reset even when the queue shows it
        // sooner, so the clock must really pass them.
        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5));

        Assert.Single(env.Tweets());
        Assert.Equal(HandoverStatus.Done, Assert.Single(await env.HandoverRowsAsync()).Status);
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.PoisonQueue));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("sos/2027-01-04T07:00:00Z was rate-limited by X; it runs again in 00:05:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_messages_are_base64_as_the_functions_trigger_reads_them_by_default()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.Planner.PlanAsync(default);

        // Read raw, as the Functions host does before decoding with host.json's messageEncoding.
        var raw = new QueueClient(env.ConnectionString, env.Handovers.Queue.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var message = (await raw.PeekMessagesAsync(1)).Value.Single();
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        Assert.True(HandoverMessage.TryParse(json, out var parsed, out _));
        Assert.Equal(PipelineEnvironment.AccountId, parsed!.AccountId);
        // Version 1 carries exactly these fields (channels, optional, since issue 17); anything derived (the handover id) stays out.
        using (var body = System.Text.Json.JsonDocument.Parse(json))
        {
            Assert.Equal(["account", "boundary", "channels", "v"], body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }

        var hostJson = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("host.json")));
        Assert.Equal("base64", hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("messageEncoding").GetString());
    }
}

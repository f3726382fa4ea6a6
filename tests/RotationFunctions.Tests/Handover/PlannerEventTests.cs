namespace RotationFunctions.Tests.Handover;

/// <summary>
/// What a planner tick tells ops (issue 13 h): one summary per tick, which doubles as the planner's
/// heartbeat, and each schedule error as an event with its account, row and field, logged when it
/// appears, when it is fixed and once a day while it stays, never on every tick.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PlannerEventTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_tick_logs_one_summary_of_what_it_planned_and_missed()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);

        var plan = await env.Planner.PlanAsync(default);

        var summary = Assert.Single(Events(env, "PlannerRunFinished"));
        Assert.Equal(LogLevel.Information, summary.Level);
        Assert.Equal("1", summary.GetStructuredStateValue("Accounts"));
        Assert.Equal($"{plan.Handovers.Count(h => h.Action == PlanAction.Planned)}", summary.GetStructuredStateValue("Planned"));
        Assert.Equal("1", summary.GetStructuredStateValue("Planned"));
        Assert.Equal("0", summary.GetStructuredStateValue("Missed"));
        Assert.Equal("0", summary.GetStructuredStateValue("ScheduleErrors"));

        // The app was down over the next boundary, longer than the catch-up window.
        env.Logs.Clear();
        await env.AdvanceToAndPlanAsync(new DateTimeOffset(2027, 1, 12, 12, 0, 0, TimeSpan.Zero));

        summary = Assert.Single(Events(env, "PlannerRunFinished"));
        Assert.Equal("1", summary.GetStructuredStateValue("Missed"));
        var missed = Assert.Single(Events(env, "HandoverMissed"));
        Assert.Equal("sos/2027-01-11T07:00:00Z", missed.GetStructuredStateValue("HandoverId"));
    }

    [Fact]
    public async Task A_schedule_error_is_logged_with_account_row_and_field_when_it_appears_once_a_day_while_it_stays_and_when_fixed()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.AddSlotAsync(Rows.Slot("2027-01-04", handle: "anna sv!"));

        await env.Planner.PlanAsync(default);

        var problem = Assert.Single(Events(env, "ScheduleProblem"));
        Assert.Equal(LogLevel.Warning, problem.Level);
        Assert.Equal("sos", problem.GetStructuredStateValue("AccountId"));
        Assert.Equal("Schedule", problem.GetStructuredStateValue("Table"));
        Assert.Equal("2027-01-04", problem.GetStructuredStateValue("Row"));
        Assert.Equal("CuratorHandle", problem.GetStructuredStateValue("Field"));
        Assert.False(string.IsNullOrEmpty(problem.GetStructuredStateValue("Problem")));
        Assert.Equal("1", Assert.Single(Events(env, "PlannerRunFinished")).GetStructuredStateValue("ScheduleErrors"));

        // Ticks every 5 minutes for most of a day: the error is still there, but it was told.
        env.Logs.Clear();
        for (var i = 0; i < 12 * 23; i++)
        {
            env.Time.Advance(Tick);
            await env.Planner.PlanAsync(default);
        }
        Assert.Empty(Events(env, "ScheduleProblem"));
        Assert.All(Events(env, "PlannerRunFinished"), s => Assert.Equal("1", s.GetStructuredStateValue("ScheduleErrors")));

        // A day after it was told, once more.
        env.Time.Advance(TimeSpan.FromHours(1));
        await env.Planner.PlanAsync(default);
        env.Time.Advance(Tick);
        await env.Planner.PlanAsync(default);
        Assert.Single(Events(env, "ScheduleProblem"));

        // Fixed: told once that it is gone, and not again.
        env.Logs.Clear();
        await env.AddSlotAsync(Rows.Slot("2027-01-04"));
        env.Time.Advance(Tick);
        await env.Planner.PlanAsync(default);
        env.Time.Advance(Tick);
        await env.Planner.PlanAsync(default);
        var cleared = Assert.Single(Events(env, "ScheduleProblemCleared"));
        Assert.Equal("sos", cleared.GetStructuredStateValue("AccountId"));
        Assert.Equal("2027-01-04", cleared.GetStructuredStateValue("Row"));
        Assert.Equal("CuratorHandle", cleared.GetStructuredStateValue("Field"));
        Assert.Empty(Events(env, "ScheduleProblem"));

        // Broken again: a change, told at once.
        await env.AddSlotAsync(Rows.Slot("2027-01-04", handle: "anna sv!"));
        env.Time.Advance(Tick);
        await env.Planner.PlanAsync(default);
        Assert.Single(Events(env, "ScheduleProblem"));
    }

    [Fact]
    public async Task An_account_row_with_errors_is_reported_when_found_not_on_every_tick()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, SixWeekSchedule.Start);
        await env.AddAccountAsync(Rows.Account(zone: "Mars/Olympus_Mons"));

        for (var i = 0; i < 3; i++)
        {
            await env.Planner.PlanAsync(default);
            env.Time.Advance(Tick);
        }

        var skipped = Assert.Single(Events(env, "PlannerAccountSkipped"));
        Assert.Equal("sos", skipped.GetStructuredStateValue("AccountId"));
        var problem = Assert.Single(Events(env, "ScheduleProblem"));
        Assert.Equal("Accounts", problem.GetStructuredStateValue("Table"));
        Assert.Equal("sos", problem.GetStructuredStateValue("AccountId"));
        Assert.Equal("TimeZone", problem.GetStructuredStateValue("Field"));
        Assert.Equal(3, Events(env, "PlannerRunFinished").Count);
    }

    private static List<FakeLogRecord> Events(PipelineEnvironment env, string eventName) =>
        [.. env.Logs.GetSnapshot().Where(r => r.Id.Name == eventName)];
}

using RotationFunctions.Local;

namespace RotationFunctions.Tests.Local;

public sealed class LocalRunTests
{
    [Fact]
    public async Task Demo_run_plays_the_handovers_on_azurite_and_the_stand_ins_and_ends_with_a_clean_summary()
    {
        using var output = new StringWriter();
        // What the quickstart runs: the first Monday's intro, the second Monday's outro and intro, and the third Monday's
        // outro with an intro that waits a day for an acceptance that never comes and is then skipped.
        var exit = await LocalRun.RunAsync(new LocalRunArguments(RealTime: false, Speed: 50_000, Days: LocalRunArguments.DefaultDays, HostArgs: []), output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("error     Schedule  sos-demo", text); // the deliberate mistake is reported up front
        Assert.Contains("'@lars.konsult' is not an X handle", text);
        Assert.Contains("08:00  Handover sos-demo/", text);
        Assert.Contains("posted its intro (tweet", text);
        Assert.Contains("Hej! Jag heter Sara Lindqvist (@sara_akuten) och är sjuksköterska på akuten.", text);
        Assert.Contains("Nu lämnar jag över till Ahmed Yusuf (@ahmed_fastighet), vaktmästare. /Sara Lindqvist", text);
        Assert.Contains("handovers in the run:  3 (3 done)", text);
        Assert.Contains("tweets posted:         4", text);
        // The same handovers on Bluesky and Mastodon, each post's network named, and the curators' Bluesky app passwords
        // handed over: Sara's made at her start and revoked at Ahmed's, his made then and revoked at Karin's, none for Karin.
        Assert.Contains("posted its intro on Bluesky (tweet at://did:plc:sosdemo/app.bsky.feed.post/", text);
        Assert.Contains("posted its outro on Mastodon (tweet ", text);
        Assert.Contains("Hej! Jag heter Sara Lindqvist (@sara.bsky.social) och är sjuksköterska på akuten.", text);
        Assert.Contains("made Bluesky app password 'Sara Lindqvist (rotation ", text);
        Assert.Contains("revoked 1 Bluesky app password(s) of curators: Sara Lindqvist (rotation ", text);
        Assert.Contains("made no Bluesky app password: Karin Ek did not accept the curator guidelines", text);
        Assert.Contains("Bluesky posts:         4", text);
        Assert.Contains("Mastodon posts:        4", text);
        Assert.Contains("app passwords:         2 made, 2 revoked; the PDS holds 0", text);
        Assert.Contains("refresh tokens reused: 0", text);
        // Each notice as the local SMTP server received it, and the counts per kind equal to its inbox.
        // (Sara's invitation is due at once and its window ends at her start, minutes after the host is up in
        // simulated time: on a slow machine it may be recorded missed, which the summary then says.)
        Assert.True(text.Contains("notice    invitation to ahmed.yusuf@sos-demo.example: Välkommen som kurator för @Sodersjukhuset måndag", StringComparison.Ordinal), text);
        Assert.True(text.Contains("notice    welcome to sara.lindqvist@sos-demo.example: Nu är det din tur på @Sodersjukhuset", StringComparison.Ordinal), text);
        Assert.True(text.Contains("notice    thanks to sara.lindqvist@sos-demo.example: Tack för din vecka på @Sodersjukhuset", StringComparison.Ordinal), text);
        Assert.True(text.Contains("notice    handover-blocked to kommunikation@sos-demo.example", StringComparison.Ordinal), text);
        Assert.Matches(@"notices sent:          (\d+), [34] invitation, 1 reminder, 2 welcome, 2 thanks, 1 not-accepted, 1 handover-blocked, \d schedule-errors; the SMTP inbox holds \1", text);
        Assert.DoesNotContain("/api/portal/l/", text); // the personal links are credentials
        Assert.Contains("Everything happened as planned.", text);
    }

    [Fact]
    public void Demo_clock_is_slow_where_the_story_happens_and_runs_on_long_enough_for_the_admins_to_hear_of_it()
    {
        // At 50,000× a real second is fourteen simulated hours: on a busy CI machine whatever the demo asserts must happen
        // inside a slow window, and the run must go on long enough after it for the planner to turn it into a notice.
        var monday = DemoSchedule.FirstMonday(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var windows = DemoSchedule.SlowWindows(monday);
        var boundaries = DemoSchedule.Slots(monday).Take(3).Select(s => DemoSchedule.At(DateOnly.ParseExact(s.RowKey, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 8)).ToList();
        var karinsDeadline = boundaries[2] + new RotationFunctions.Schedule.ScheduleOptions().AcceptanceWait;

        foreach (var moment in boundaries.Append(karinsDeadline))
        {
            Assert.Contains(windows, w => w.From < moment && w.To >= moment + TimeSpan.FromMinutes(20));
        }
        var end = DemoSchedule.At(monday.AddDays(-1), 20) + TimeSpan.FromDays(LocalRunArguments.DefaultDays);
        Assert.True(end - karinsDeadline >= TimeSpan.FromHours(24), $"the run ends {end - karinsDeadline} after Karin's acceptance deadline");
    }

    [Theory]
    [InlineData("2026-11-25T20:10:30Z")]
    [InlineData("2026-11-25T22:57:00Z")] // 23:57 in Stockholm: the later curators start on the next local date
    public void Real_time_demo_hands_over_every_two_minutes_from_just_after_now(string nowText)
    {
        var now = DateTimeOffset.Parse(nowText, System.Globalization.CultureInfo.InvariantCulture);
        var slots = DemoSchedule.SoonSlots(now, TimeSpan.FromMinutes(2));
        var account = new Azure.Data.Tables.TableEntity(RotationFunctions.Storage.StorageNames.AccountPartition, DemoSchedule.AccountId)
        {
            ["TimeZone"] = "Europe/Stockholm",
            ["HandoverTime"] = "08:00",
            ["Language"] = "sv",
            ["XHandle"] = DemoSchedule.Handle,
        };

        var report = RotationFunctions.Schedule.ScheduleValidator.Create().Validate([account], slots);

        var starts = report.Accounts.Single().Slots.Select(s => s.StartsAt).ToList();
        var first = starts[0];
        Assert.InRange(first - now, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));
        Assert.Equal([first, first.AddMinutes(2), first.AddMinutes(4), first.AddMinutes(6)], starts);
        // The deliberate mistake, and at most the curator who never accepts (the demo's Karin Ek).
        Assert.Contains(report.Problems, p => p.Message.Contains("'@lars.konsult' is not an X handle", StringComparison.Ordinal));
        Assert.All(report.Problems, p => Assert.True(p.Message.Contains("'@lars.konsult'", StringComparison.Ordinal) || p.Message.Contains("Karin Ek has not accepted", StringComparison.Ordinal), p.Message));
    }

    [Fact]
    public void Accelerated_clock_stands_still_until_started_and_then_runs_faster_than_real_time()
    {
        var start = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, speed: 10_000);
        Thread.Sleep(50);
        Assert.Equal(start, clock.GetUtcNow());

        clock.Start();
        Thread.Sleep(100);
        // 100 ms real at 10,000× is at least 1,000 s simulated.
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromSeconds(1000), $"{clock.GetUtcNow() - start}");
    }

    [Fact]
    public void Accelerated_clock_slows_down_inside_a_slow_window()
    {
        var start = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, speed: 10_000, slowSpeed: 1, slowWindows: [(start, start.AddHours(1))]);
        clock.Start();
        Thread.Sleep(100);
        // Inside the window the clock runs at real speed: far less than the 1,000 s it would have run.
        Assert.True(clock.GetUtcNow() - start < TimeSpan.FromSeconds(60), $"{clock.GetUtcNow() - start}");
    }

    [Fact]
    public async Task A_delay_on_the_accelerated_clock_ends_when_the_simulated_time_has_passed()
    {
        var start = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, speed: 36_000); // an hour in 100 ms
        clock.Start();
        var real = System.Diagnostics.Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromHours(1), clock);

        Assert.True(clock.GetUtcNow() >= start.AddHours(1));
        Assert.True(real.Elapsed < TimeSpan.FromSeconds(5), $"took {real.Elapsed}");
    }
}

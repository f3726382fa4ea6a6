namespace RotationFunctions.Tests.Handover;

/// <summary>The one step rule, case by case; the processor, validation and preview all run it.</summary>
public sealed class HandoverStepTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private static AccountSchedule Schedule(TableEntity account, params TableEntity[] slots) =>
        Assert.Single(ScheduleValidator.Create(time: Time).Validate([account], slots).Accounts);

    private static StepDecision Decide(AccountSchedule schedule, int boundary, StepKind kind, StepRecord? record = null) =>
        HandoverStep.Decide(schedule.Account, schedule.Boundaries[boundary], kind, Channel.X, record ?? StepRecord.None);

    [Fact]
    public void A_step_that_ended_is_final_whatever_the_schedule_says_now()
    {
        var schedule = Schedule(Rows.Account(), Rows.Slot("2027-01-04"));

        foreach (var status in new[] { StepStatus.Posted, StepStatus.Skipped, StepStatus.DryRun, StepStatus.Blocked, StepStatus.Failed })
        {
            Assert.Equal(new StepDecision.AlreadyFinal(status), Decide(schedule, 0, StepKind.Intro, new StepRecord(status, "text", "1", Time.GetUtcNow())));
        }
    }

    [Fact]
    public void A_step_without_its_curator_is_skipped()
    {
        var schedule = Schedule(Rows.Account(), Rows.Slot("2027-01-04"));

        Assert.Equal(new StepDecision.Skip("nobody leaves at this boundary"), Decide(schedule, 0, StepKind.Outro));
        Assert.IsType<StepDecision.Post>(Decide(schedule, 0, StepKind.Intro));
    }

    [Fact]
    public void A_step_tried_before_resumes_with_the_text_it_was_tried_with_whatever_the_schedule_says_now()
    {
        var schedule = Schedule(Rows.Account(), Rows.Slot("2027-01-04"));

        // A claim that timed out, and an attempt given back after its answer was lost.
        Assert.Equal(new StepDecision.Resume("old text"), Decide(schedule, 0, StepKind.Intro, new StepRecord(StepStatus.Posting, "old text", null, Time.GetUtcNow())));
        Assert.Equal(new StepDecision.Resume("old text"), Decide(schedule, 0, StepKind.Intro, new StepRecord(StepStatus.Pending, "old text", null, null, AttemptedAt: Time.GetUtcNow())));
    }

    [Fact]
    public void A_row_with_errors_blocks_its_steps_and_keeps_the_text_it_would_have_had()
    {
        var schedule = Schedule(Rows.Account(), Rows.Slot("2027-01-04"), Rows.Slot("2027-01-11", "Bo", "bo", role: ""));

        var blocked = Assert.IsType<StepDecision.Blocked>(Decide(schedule, 1, StepKind.Intro));

        Assert.Equal(StepBlockKind.RowHasErrors, Assert.Single(blocked.Blocks).Kind);
        Assert.Contains("schedule row 2027-01-11 has errors", blocked.Reason, StringComparison.Ordinal);
        Assert.NotNull(blocked.Text);
    }

    [Fact]
    public void An_unapproved_curator_blocks_the_intro_only()
    {
        var schedule = Schedule(Rows.Account(), Rows.Slot("2027-01-04"), Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", approved: false));

        var blocked = Assert.IsType<StepDecision.Blocked>(Decide(schedule, 1, StepKind.Intro));

        Assert.Equal(new StepBlock(StepBlockKind.NotApproved, "Bo Ek (row 2027-01-11) has not accepted the curator guidelines"), Assert.Single(blocked.Blocks));
        Assert.IsType<StepDecision.Post>(Decide(schedule, 1, StepKind.Outro));
    }

    [Fact]
    public void A_curator_who_accepted_the_current_guidelines_in_the_portal_gets_the_intro_without_approved()
    {
        var accepted = Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", approved: false)
            .With("AcceptedAt", Time.GetUtcNow()).With("GuidelinesVersion", CuratorGuidelines.Version(CuratorGuidelines.Default("sv")));
        var schedule = Schedule(Rows.Account(), Rows.Slot("2027-01-04"), accepted);

        Assert.IsType<StepDecision.Post>(Decide(schedule, 1, StepKind.Intro));
    }

    [Fact]
    public void An_acceptance_of_guidelines_edited_since_does_not_count()
    {
        var accepted = Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", approved: false)
            .With("AcceptedAt", Time.GetUtcNow()).With("GuidelinesVersion", CuratorGuidelines.Version(CuratorGuidelines.Default("sv")));
        var schedule = Schedule(Rows.Account().With("Guidelines", "Inga patientuppgifter. Nya regler från 2027."), Rows.Slot("2027-01-04"), accepted);

        var blocked = Assert.IsType<StepDecision.Blocked>(Decide(schedule, 1, StepKind.Intro));
        Assert.Equal(StepBlockKind.NotApproved, Assert.Single(blocked.Blocks).Kind);
        Assert.Contains("accepted an earlier version of the curator guidelines", blocked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_validation_reports_as_an_error_blocks_the_step_every_problem_named()
    {
        var schedule = Schedule(Rows.Account().With("IntroTemplate", "{name} om {topic}: " + new string('x', 280) + " @elonmusk"), Rows.Slot("2027-01-04"));

        var blocked = Assert.IsType<StepDecision.Blocked>(Decide(schedule, 0, StepKind.Intro));

        Assert.All(blocked.Blocks, b => Assert.Equal(StepBlockKind.Text, b.Kind));
        Assert.Collection(blocked.Blocks,
            b => Assert.Contains("uses {topic} but there is no value for it here", b.Message, StringComparison.Ordinal),
            b => Assert.Contains("weighted characters; X allows 280", b.Message, StringComparison.Ordinal),
            b => Assert.Contains("would @-mention @elonmusk", b.Message, StringComparison.Ordinal));
        Assert.StartsWith("the intro (Accounts.IntroTemplate) ", blocked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_account_records_what_it_would_post_and_a_blocked_step_stays_blocked()
    {
        var schedule = Schedule(Rows.Account().With("DryRun", true), Rows.Slot("2027-01-04"), Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", approved: false));

        Assert.IsType<StepDecision.DryRun>(Decide(schedule, 0, StepKind.Intro));
        Assert.IsType<StepDecision.Blocked>(Decide(schedule, 1, StepKind.Intro));
    }
}

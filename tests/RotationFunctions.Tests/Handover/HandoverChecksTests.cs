namespace RotationFunctions.Tests.Handover;

/// <summary>Schedule validation's tweet checks: the handover rule run ahead of time, its blocks reported on the rows.</summary>
public sealed class HandoverChecksTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>What `rotation schedule validate` runs: the schedule's checks, then the handover rule's.</summary>
    private static ScheduleReport Validate(IEnumerable<TableEntity> accounts, params TableEntity[] slots) =>
        HandoverChecks.Check(ScheduleValidator.Create(time: Time).Validate(accounts, slots));

    private static ScheduleProblem Single(ScheduleReport report, string rowKey, string field, Severity severity = Severity.Error)
    {
        var matches = report.Problems.Where(p => p.RowKey == rowKey && p.Field == field && p.Severity == severity).ToList();
        Assert.True(matches.Count == 1, $"expected one {severity} on {rowKey}.{field}, got: {string.Join(" | ", report.Problems)}");
        return matches[0];
    }

    [Fact]
    public void Over_long_rendered_intro_is_an_error_with_its_weighted_length()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2027-01-04").With("IntroText", "Hej {name}! " + new string('x', 280)));
        var problem = Single(report, "2027-01-04", "IntroText");
        Assert.Contains("would be 299 weighted characters; X allows 280", problem.Message);
    }

    [Fact]
    public void Text_that_mentions_someone_else_is_an_error_but_the_curators_and_account_are_fine()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("OutroText", "Tack! Över till {next_handle}, hälsa @Sodersjukhuset och @elonmusk"),
            Rows.Slot("2027-01-11", "Bo", "bo_ek"));
        Assert.Contains("@elonmusk", Single(report, "2027-01-04", "OutroText").Message);
    }

    [Fact]
    public void Template_placeholder_without_a_value_is_an_error_naming_it()
    {
        var report = Validate([Rows.Account().With("IntroTemplate", "Hej, jag heter {name} och pratar om {topic}.")], Rows.Slot("2027-01-04"));
        Assert.Contains("{topic}", Single(report, "2027-01-04", "IntroText").Message);
    }

    [Fact]
    public void Default_swedish_texts_name_the_successor_and_say_the_curator_speaks_for_their_own_role()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2027-01-04"), Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare"));
        var schedule = report.Accounts[0];
        var boundary = schedule.Boundaries[1];
        var outro = TweetComposer.Outro(schedule.Account, boundary.Outgoing!, boundary.Incoming);
        var intro = TweetComposer.Intro(schedule.Account, boundary.Incoming!, boundary.Outgoing);

        Assert.Equal("Min vecka på @Sodersjukhuset är slut – tack för alla frågor och samtal! Nu lämnar jag över till Bo Ek (@bo_ek), vaktmästare. /Anna Svensson", outro.Text);
        Assert.Equal("Hej! Jag heter Bo Ek (@bo_ek) och är vaktmästare. Från 11 januari är det jag som twittrar från @Sodersjukhuset. Jag skriver utifrån min egen roll och talar inte för organisationen.", intro.Text);
        // What the rule decides to post is exactly what the composer renders.
        Assert.Equal(new StepDecision.Post(outro.Text), HandoverStep.Decide(schedule.Account, boundary, StepKind.Outro, Channel.X, StepRecord.None));
        Assert.Equal(new StepDecision.Post(intro.Text), HandoverStep.Decide(schedule.Account, boundary, StepKind.Intro, Channel.X, StepRecord.None));
    }

    [Fact]
    public void An_unapproved_or_erroneous_row_is_reported_once_by_the_schedule_not_again_by_the_tweet_checks()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2026-12-03", approved: false), Rows.Slot("2026-12-14", handle: "bad.handle"));

        Assert.Single(report.Problems, p => p.RowKey == "2026-12-03");
        Assert.Equal("Approved", Assert.Single(report.Problems, p => p.RowKey == "2026-12-03").Field);
        Assert.Equal("CuratorHandle", Assert.Single(report.Problems, p => p.RowKey == "2026-12-14").Field);
    }

    [Fact]
    public void A_personnummer_in_an_intro_is_an_error_that_says_where_and_the_decision_keeps_it_blotted_out()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("IntroText", "Hej, jag är {name}. Min patient 811218-9876 hälsar!"));

        var problem = Single(report, "2027-01-04", "IntroText");
        Assert.Contains("a personal identity number (personnummer) at character", problem.Message);
        Assert.DoesNotContain("9876", problem.Message, StringComparison.Ordinal);
        var schedule = report.Accounts[0];
        var blocked = Assert.IsType<StepDecision.Blocked>(HandoverStep.Decide(schedule.Account, schedule.Boundaries[0], StepKind.Intro, Channel.X, StepRecord.None));
        Assert.Equal("Hej, jag är Anna Svensson. Min patient ••••••••••• hälsar!", blocked.Text);
    }

    [Fact]
    public void The_accounts_blocked_terms_and_allowed_numbers_apply_to_its_texts_and_a_mistyped_number_is_a_warning()
    {
        var account = Rows.Account()
            .With("BlockedTerms", "TakeCare; journal*")
            .With("AllowedNumbers", "08-616 10 00; växeln");
        var report = Validate([account],
            Rows.Slot("2027-01-04").With("IntroText", "Hej {name}! Ring växeln 08-616 10 00."),
            Rows.Slot("2027-01-11", "Bo Ek", "bo_ek").With("IntroText", "Hej {name}, jag jobbar i TakeCare."));

        Assert.DoesNotContain(report.Problems, p => p.RowKey == "2027-01-04");
        Assert.Contains("a blocked term", Single(report, "2027-01-11", "IntroText").Message);
        var warning = Assert.Single(report.Problems, p => p.Table == ScheduleProblem.AccountsTable);
        Assert.Equal(("AllowedNumbers", Severity.Warning), (warning.Field, warning.Severity));
        Assert.Contains("'växeln' is not a phone number", warning.Message);
    }

    [Fact]
    public void A_link_in_an_intro_is_a_warning_with_what_x_bills_for_it_and_never_an_error()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("IntroText", "Hej, jag är {name}! Läs om akuten på sodersjukhuset.se/akuten"),
            Rows.Slot("2027-01-11", "Bo Ek", "bo_ek"));

        var warning = Single(report, "2027-01-04", "IntroText", Severity.Warning);
        Assert.Contains("contains a link: X bills a post with a link at $0.200, about 13 times a plain post ($0.015", warning.Message);
        Assert.False(report.HasErrors);
        // The default texts carry no link: nothing to warn about on the other rows.
        Assert.DoesNotContain(report.Problems, p => p.RowKey == "2027-01-11" || p.Field == "OutroText");
    }

    [Fact]
    public void The_x_cost_estimate_prices_each_post_the_rule_would_make_and_the_week_reports_reads()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("CuratorEmail", "anna@example.org"),
            Rows.Slot("2027-01-11", "Bo Ek", "bo_ek").With("CuratorEmail", "bo@example.org").With("IntroText", "Hej, jag är {name}: https://example.org/bo"),
            Rows.Slot("2027-01-18", "Cia Berg", "cia_b"));
        var schedule = report.Accounts[0];

        var cost = XCostEstimate.For(schedule.Account, schedule.Boundaries);

        // Anna's intro, Anna's and Bo's outros, Cia's intro: 4 plain posts; Bo's intro has a link.
        // Anna and Bo leave with an address, so each gets a thanks that reads the week's two posts.
        Assert.Equal(new XCostEstimate(Posts: 4, PostsWithLink: 1, ReportReads: 4), cost);
        Assert.Equal(4 * 0.015m + 0.200m + 4 * 0.005m, cost.Usd);

        var dryRun = Validate([Rows.Account().With("DryRun", true)], Rows.Slot("2027-01-04").With("CuratorEmail", "anna@example.org"), Rows.Slot("2027-01-11", "Bo Ek", "bo_ek")).Accounts[0];
        Assert.Equal(0m, XCostEstimate.For(dryRun.Account, dryRun.Boundaries).Usd);
    }
}

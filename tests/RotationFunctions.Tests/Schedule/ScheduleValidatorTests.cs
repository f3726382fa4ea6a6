namespace RotationFunctions.Tests.Schedule;

public sealed class ScheduleValidatorTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private static ScheduleReport Validate(IEnumerable<TableEntity> accounts, params TableEntity[] slots) =>
        ScheduleValidator.Create(time: Time).Validate(accounts, slots);

    private static ScheduleProblem Single(ScheduleReport report, string rowKey, string field, Severity severity = Severity.Error)
    {
        var matches = report.Problems.Where(p => p.RowKey == rowKey && p.Field == field && p.Severity == severity).ToList();
        Assert.True(matches.Count == 1, $"expected one {severity} on {rowKey}.{field}, got: {string.Join(" | ", report.Problems)}");
        return matches[0];
    }

    [Fact]
    public void Smallest_valid_rows_give_weekly_boundaries_at_the_handover_time_with_no_problems()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2027-01-04"), Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare"));

        Assert.Empty(report.Problems);
        var schedule = Assert.Single(report.Accounts);
        Assert.Equal(2, schedule.Slots.Count);
        // 08:00 in Stockholm in winter is 07:00 UTC.
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero), schedule.Slots[0].StartsAt);
        Assert.Equal(schedule.Slots[1].StartsAt, schedule.Slots[0].EndsAt);
        Assert.Null(schedule.Slots[1].EndsAt);
        var boundaries = schedule.Boundaries;
        Assert.Equal(2, boundaries.Count);
        Assert.Null(boundaries[0].Outgoing);
        Assert.Equal("2027-01-04", boundaries[0].Incoming!.RowKey);
        Assert.Equal("2027-01-04", boundaries[1].Outgoing!.RowKey);
        Assert.Equal("2027-01-11", boundaries[1].Incoming!.RowKey);
        Assert.Equal("2027-01-11T07:00:00Z", boundaries[1].Key);
    }

    [Fact]
    public void StartsAt_is_read_as_EdmDateTime_or_iso_text_with_or_without_offset()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("StartsAt", new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero)),
            Rows.Slot("2027-01-11-b", "Bo Ek", "bo_ek").With("StartsAt", "2027-01-11T10:30"),
            Rows.Slot("2027-01-18", "Cia Lund", "cia").With("StartsAt", "2027-01-18T06:00:00+00:00"));

        Assert.Empty(report.Problems);
        var slots = report.Accounts[0].Slots;
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero), slots[0].StartsAt);
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 9, 30, 0, TimeSpan.Zero), slots[1].StartsAt);
        Assert.Equal(new DateTimeOffset(2027, 1, 18, 6, 0, 0, TimeSpan.Zero), slots[2].StartsAt);
    }

    [Fact]
    public void Approved_as_text_and_leading_at_on_handles_are_tolerated()
    {
        var report = Validate([Rows.Account(handle: "@Sodersjukhuset")], Rows.Slot("2027-01-04", handle: "@anna_sv", approved: "True"));
        Assert.Empty(report.Problems);
        Assert.Equal("anna_sv", report.Accounts[0].Slots[0].CuratorHandle);
        Assert.True(report.Accounts[0].Slots[0].Approved);
    }

    [Fact]
    public void Bad_dates_are_reported_with_row_and_field_and_do_not_hide_good_rows()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04"),
            Rows.Slot("2027-02-30", "X", "x1"),
            Rows.Slot("anna", "Y", "y1"),
            Rows.Slot("2027-01-11", "Bo", "bo").With("StartsAt", "next monday"),
            Rows.Slot("2027-01-18", "Cia", "cia").With("StartsAt", "2027-01-19T08:00"),
            Rows.Slot("2027-01-25", "Dan", "dan").With("EndsAt", "2027-01-25T07:00"));

        Assert.Contains("does not start with a real date", Single(report, "2027-02-30", "RowKey").Message);
        Assert.Contains("does not start with a real date", Single(report, "anna", "RowKey").Message);
        Assert.Contains("'next monday' is not a date and time", Single(report, "2027-01-11", "StartsAt").Message);
        Assert.Contains("starts on 2027-01-19 in Europe/Stockholm but the RowKey says 2027-01-18", Single(report, "2027-01-18", "StartsAt").Message);
        Assert.Contains("not after the slot starts", Single(report, "2027-01-25", "EndsAt").Message);
        Assert.Contains(report.Accounts[0].Slots, s => s.RowKey == "2027-01-04" && !s.HasErrors);
    }

    [Fact]
    public void Overlap_is_an_error_on_both_rows_and_holds_their_handovers_while_a_gap_is_a_warning()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("EndsAt", "2027-01-12T08:00"),
            Rows.Slot("2027-01-11", "Bo", "bo"),
            Rows.Slot("2027-01-18", "Cia", "cia").With("EndsAt", "2027-01-24T18:00"),
            Rows.Slot("2027-01-25", "Dan", "dan"));

        Assert.Contains("overlaps slot 2027-01-11", Single(report, "2027-01-04", "EndsAt").Message);
        Assert.Contains("overlaps slot 2027-01-04", Single(report, "2027-01-11", "StartsAt").Message);
        Assert.Contains("nobody curates for 14 hours", Single(report, "2027-01-18", "EndsAt", Severity.Warning).Message);

        var boundaries = report.Accounts[0].Boundaries;
        Assert.NotNull(boundaries.Single(b => b.Incoming?.RowKey == "2027-01-11").HeldReason);
        var gapEnd = boundaries.Single(b => b.Outgoing?.RowKey == "2027-01-18");
        Assert.Null(gapEnd.Incoming);
        Assert.Null(gapEnd.HeldReason);
        Assert.Null(boundaries.Single(b => b.Incoming?.RowKey == "2027-01-25").Outgoing);
    }

    [Theory]
    [InlineData("anna.sv", "not an X handle")]
    [InlineData("anna_svensson_1234", "is 18 characters; X handles are at most 15")]
    [InlineData("", "is empty")]
    public void Bad_handles_are_errors(string handle, string expected) =>
        Assert.Contains(expected, Single(Validate([Rows.Account()], Rows.Slot("2027-01-04", handle: handle)), "2027-01-04", "CuratorHandle").Message);

    [Fact]
    public void Empty_names_and_invisible_characters_are_errors()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04", name: "  "),
            Rows.Slot("2027-01-11", name: "Anna\u200BSvensson", handle: "b"),
            Rows.Slot("2027-01-18", name: "Cia", handle: "c", role: "chef\u202Eakuten"));

        Assert.Contains("is empty", Single(report, "2027-01-04", "CuratorName").Message);
        Assert.Contains("U+200B", Single(report, "2027-01-11", "CuratorName").Message);
        Assert.Contains("U+202E", Single(report, "2027-01-18", "Role").Message);
    }

    [Fact]
    public void Account_problems_unknown_zone_language_and_placeholder_are_named_and_other_accounts_go_on()
    {
        var report = Validate(
            [
                Rows.Account("bad-zone", zone: "Mars/Olympus"),
                Rows.Account("windows-zone", zone: "W. Europe Standard Time"),
                Rows.Account("bad-lang", language: "xx"),
                Rows.Account("bad-template").With("IntroTemplate", "Hej {nam}!"),
                Rows.Account("good"),
            ],
            Rows.Slot("2027-01-04", account: "good"),
            Rows.Slot("2027-01-04", account: "bad-zone"));

        Assert.Contains(report.Problems, p => p.AccountId == "bad-zone" && p.Field == "TimeZone" && p.Message.Contains("not an IANA time zone", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.AccountId == "windows-zone" && p.Field == "TimeZone");
        Assert.Contains(report.Problems, p => p.AccountId == "bad-lang" && p.Field == "Language" && p.Message.Contains("use one of: sv, en", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.AccountId == "bad-template" && p.Field == "IntroTemplate" && p.Message.Contains("{nam}", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.AccountId == "bad-zone" && p.RowKey == "2027-01-04" && p.Field == "PartitionKey" && p.Message.Contains("has errors in the Accounts table", StringComparison.Ordinal));
        Assert.Equal(["good"], report.Accounts.Select(a => a.Account.Id));
        Assert.DoesNotContain(report.Problems, p => p.AccountId == "good");
    }

    [Fact]
    public void A_schedule_row_for_a_missing_account_is_an_error()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2027-01-04", account: "nosuch"));
        Assert.Contains("there is no account 'nosuch'", Single(report, "2027-01-04", "PartitionKey").Message);
    }

    [Fact]
    public void Wrong_property_types_are_errors_that_name_the_type()
    {
        var report = Validate([Rows.Account()],
            Rows.Slot("2027-01-04").With("CuratorName", 42),
            Rows.Slot("2027-01-11", handle: "b").With("Approved", 1),
            Rows.Slot("2027-01-18", handle: "c").With("StartsAt", 5L),
            Rows.Slot("2027-01-25", handle: "d").With("Approved", "kanske"));

        Assert.Contains("must be text (Edm.String) but is Edm.Int32", Single(report, "2027-01-04", "CuratorName").Message);
        Assert.Contains("but is Edm.Int32", Single(report, "2027-01-11", "Approved").Message);
        Assert.Contains("but is Edm.Int64", Single(report, "2027-01-18", "StartsAt").Message);
        Assert.Contains("must be true or false, not 'kanske'", Single(report, "2027-01-25", "Approved").Message);
    }

    [Fact]
    public void Not_accepted_is_a_warning_from_two_days_before_the_start_and_never_an_error()
    {
        // Issue 15: the invitation and the reminder do the asking; validate exits 0 and import takes the slot.
        var report = Validate([Rows.Account()],
            Rows.Slot("2026-12-03", approved: false),
            Rows.Slot("2026-12-10", handle: "b", approved: false));

        var soon = Single(report, "2026-12-03", "Approved", Severity.Warning);
        Assert.Contains("has not accepted the curator guidelines", soon.Message, StringComparison.Ordinal);
        Assert.Contains("the intro waits for it until 2026-12-04 08:00", soon.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Problems, p => p.RowKey == "2026-12-10" && p.Field == "Approved");
        Assert.DoesNotContain(report.Problems, p => p.IsError);
    }

    [Fact]
    public void An_acceptance_in_the_portal_counts_as_approval_until_the_guidelines_change()
    {
        var version = CuratorGuidelines.Version(CuratorGuidelines.Default("sv"));
        var accepted = Rows.Slot("2026-12-03", approved: false).With("AcceptedAt", Time.GetUtcNow()).With("GuidelinesVersion", version);

        Assert.DoesNotContain(Validate([Rows.Account()], accepted).Problems, p => p.Field == "Approved");

        var edited = Validate([Rows.Account().With("Guidelines", "Nya riktlinjer.")], accepted);
        Assert.Contains("accepted an earlier version of the curator guidelines", Single(edited, "2026-12-03", "Approved", Severity.Warning).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slot_longer_than_max_days_is_an_error()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2027-01-04"), Rows.Slot("2027-03-01", handle: "b"));
        Assert.Contains("longer than the 31 days", Single(report, "2027-01-04", "StartsAt").Message);
    }

    [Fact]
    public void Start_in_the_spring_forward_gap_moves_to_the_first_valid_instant_with_a_warning()
    {
        // Stockholm springs forward on 2027-03-28 at 02:00 → 03:00.
        var report = Validate([Rows.Account(handoverTime: "02:30")], Rows.Slot("2027-03-28"));
        Assert.Contains("does not exist", Single(report, "2027-03-28", "StartsAt", Severity.Warning).Message);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), report.Accounts[0].Slots[0].StartsAt);
    }

    [Fact]
    public void Start_in_the_fall_back_overlap_takes_the_first_occurrence_with_a_warning()
    {
        // Stockholm falls back on 2027-10-31 at 03:00 → 02:00; 02:30 happens twice.
        var report = Validate([Rows.Account(handoverTime: "02:30")], Rows.Slot("2027-10-31"));
        Assert.Contains("occurs twice", Single(report, "2027-10-31", "StartsAt", Severity.Warning).Message);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), report.Accounts[0].Slots[0].StartsAt);
    }

    [Fact]
    public void Unknown_column_is_a_warning_that_suggests_the_intended_one()
    {
        var report = Validate([Rows.Account()], Rows.Slot("2027-01-04").With("CuratorNmae", "Anna"));
        Assert.Contains("Did you mean CuratorName?", Single(report, "2027-01-04", "CuratorNmae", Severity.Warning).Message);
    }

    [Fact]
    public void Columns_token_rotation_writes_into_an_account_row_are_not_reported_as_typos()
    {
        var account = Rows.Account().With("TokenState", "ok").With("TokenStateReason", "rotated (scheduled)")
            .With("TokenStateAt", DateTimeOffset.UtcNow).With("TokenExpiresAt", DateTimeOffset.UtcNow.AddHours(2));
        var report = Validate([account], Rows.Slot("2027-01-04"));
        Assert.Empty(report.Problems);
    }
}

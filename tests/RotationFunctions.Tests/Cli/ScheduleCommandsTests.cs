namespace RotationFunctions.Tests.Cli;

[Collection(AzuriteCollection.Name)]
public sealed class ScheduleCommandsTests(AzuriteFixture azurite)
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 30, 12, 0, 0, TimeSpan.Zero));

    private string[] Conn => ["--connection-string", azurite.ConnectionString];

    private async Task<(TableClient Accounts, TableClient Schedule)> TablesAsync()
    {
        var service = azurite.TableService();
        var accounts = service.GetTableClient(StorageNames.Default.AccountsTable);
        var schedule = service.GetTableClient(StorageNames.Default.ScheduleTable);
        await accounts.CreateIfNotExistsAsync();
        await schedule.CreateIfNotExistsAsync();
        return (accounts, schedule);
    }

    private static string NewAccountId() => "t" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Validate_reports_exactly_the_bad_rows_an_admin_wrote_and_exits_1()
    {
        var (accounts, schedule) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id));
        // Typed and untyped values, as Storage Explorer and az storage entity write them.
        await schedule.AddEntityAsync(Rows.Slot("2027-01-04", account: id).With("StartsAt", new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero)));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-11", "Bo Ek", "@bo_ek", account: id, approved: "true"));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-18", "Cia", "cia.lund", account: id));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-25", "Dan", "dan", account: id).With("StartsAt", "26 jan"));
        await schedule.AddEntityAsync(Rows.Slot("2027-02-01", " ", "eva", account: id).With("Approved", 1));

        var result = await CliRunner.RunAsync(["schedule", "validate", "--account", id, .. Conn], time: Time);

        Assert.Equal(1, result.ExitCode);
        var problems = result.Out.Split('\n').Where(l => l.StartsWith("error", StringComparison.Ordinal) || l.StartsWith("warning", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))).Order().ToList();
        Assert.Equal(
            [
                $"error Schedule {id} 2027-01-18 CuratorHandle",
                $"error Schedule {id} 2027-01-25 StartsAt",
                $"error Schedule {id} 2027-02-01 Approved",
                $"error Schedule {id} 2027-02-01 CuratorName",
            ],
            problems);
        Assert.Contains("4 error(s), 0 warning(s)", result.Out);
    }

    [Fact]
    public async Task Validate_exits_0_when_there_are_only_warnings()
    {
        var (accounts, schedule) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-04", account: id).With("Colour", "blue"));

        var result = await CliRunner.RunAsync(["schedule", "validate", "--account", id, .. Conn], time: Time);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0 error(s), 1 warning(s)", result.Out);
    }

    [Fact]
    public async Task Import_with_an_error_writes_nothing_and_a_valid_import_round_trips_through_export()
    {
        var (accounts, _) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id));
        var dir = Directory.CreateTempSubdirectory();
        var bad = Path.Combine(dir.FullName, "bad.csv");
        await File.WriteAllTextAsync(bad,
            "Account,RowKey,CuratorName,CuratorHandle,Role,Approved\n" +
            $"{id},2027-01-04,Anna Svensson,@anna_sv,sjuksköterska,true\n" +
            $"{id},2027-01-11,Bo Ek,bo ek,vaktmästare,true\n");

        var rejected = await CliRunner.RunAsync(["schedule", "import", bad, .. Conn], time: Time);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("nothing was written", rejected.Out);
        var empty = await CliRunner.RunAsync(["schedule", "export", "--account", id, .. Conn], time: Time);
        Assert.Single(empty.Out.Trim().Split('\n')); // header only

        var good = Path.Combine(dir.FullName, "good.csv");
        await File.WriteAllTextAsync(good,
            "Account,RowKey,CuratorName,CuratorHandle,Role,Approved,Topic\n" +
            $"{id},2027-01-04,Anna Svensson,@anna_sv,sjuksköterska,true,\"akuten, natt\"\n" +
            $"{id},2027-01-11,Bo Ek,bo_ek,vaktmästare,true,\n");
        var imported = await CliRunner.RunAsync(["schedule", "import", good, .. Conn], time: Time);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("Imported 2 row(s) into 1 account(s).", imported.Out);

        var exported = await CliRunner.RunAsync(["schedule", "export", "--account", id, .. Conn], time: Time);
        var lines = exported.Out.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("Account,RowKey,StartsAt,EndsAt,CuratorName,CuratorHandle,Role,Topic,Language,Approved,IntroText,OutroText,CuratorEmail,CuratorBlueskyHandle,CuratorMastodonHandle", lines[0]);
        Assert.Equal($"{id},2027-01-04,,,Anna Svensson,@anna_sv,sjuksköterska,\"akuten, natt\",,true,,,,,", lines[1]);
        Assert.Equal($"{id},2027-01-11,,,Bo Ek,bo_ek,vaktmästare,,,true,,,,,", lines[2]);

        // What export wrote, import takes back unchanged.
        var again = Path.Combine(dir.FullName, "again.csv");
        await File.WriteAllTextAsync(again, exported.Out);
        Assert.Equal(0, (await CliRunner.RunAsync(["schedule", "import", again, .. Conn], time: Time)).ExitCode);
        Assert.Equal(exported.Out, (await CliRunner.RunAsync(["schedule", "export", "--account", id, .. Conn], time: Time)).Out);
    }

    [Fact]
    public async Task Preview_shows_the_exact_texts_and_their_weighted_lengths()
    {
        var (accounts, schedule) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id, language: "en", handle: "acme"));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-04", "Anna", "anna", "nurse", account: id));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-11", "Bo", "bo", "caretaker", account: id, approved: false));

        var result = await CliRunner.RunAsync(["schedule", "preview", "--weeks", "3", "--account", id, .. Conn], time: Time);

        var intro = "Hi! I'm Bo (@bo), caretaker. From January 11 I'm the one tweeting from @acme. I write from my own role and do not speak for the organisation.";
        Assert.Contains($"2027-01-11 08:00 Europe/Stockholm  {id}: Anna → Bo", result.Out);
        Assert.Contains($"  intro ({intro.Length}/280): {intro}", result.Out);
        Assert.Contains("  outro (", result.Out);
        Assert.Contains("Handing over to Bo (@bo), caretaker. /Anna", result.Out);
        Assert.Contains("NOTE: Bo (row 2027-01-11) has not accepted the curator guidelines; the intro waits for an acceptance (or Approved = true) into the week", result.Out);
    }

    [Fact]
    public async Task Preview_shows_the_accounts_estimated_x_cost_for_the_month_ahead_with_its_parts_and_sources()
    {
        var (accounts, schedule) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id, language: "en", handle: "acme"));
        // The 30 days from the preview's "now" (2026-12-30), even though --weeks shows only the first week.
        await schedule.AddEntityAsync(Rows.Slot("2027-01-04", "Anna", "anna", "nurse", account: id).With("CuratorEmail", "anna@example.org"));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-11", "Bo", "bo", "caretaker", account: id, approved: false).With("IntroText", "Hi, I'm {name}: https://example.org/bo"));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-18", "Cia", "cia", "researcher", account: id));
        await schedule.AddEntityAsync(Rows.Slot("2027-02-01", "Dan", "dan", "porter", account: id));

        var result = await CliRunner.RunAsync(["schedule", "preview", "--weeks", "1", "--account", id, .. Conn], time: Time);

        // Anna's intro and outro, Bo's outro and Cia's intro are plain; Bo's intro (waiting for his acceptance) has a link;
        // Anna leaves with an address: her thanks reads 2 posts. Dan's handover on 1 February is past the 30 days.
        Assert.Contains($"{id}: X cost for the next 30 days (estimate): $0.270 = 4 post(s) × $0.015 + 1 with a link × $0.200 + 2 week-report read(s) × $0.005.", result.Out);
        Assert.Contains("Each portal post adds $0.015 ($0.200 with a link)", result.Out);
        Assert.Contains("docs.x.com/x-api/getting-started/pricing", result.Out);
    }

    [Fact]
    public async Task Preview_shows_the_notices_the_slots_cause_with_recipient_local_time_subject_and_text()
    {
        var (accounts, schedule) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id, language: "en", handle: "acme").With("AdminEmails", "comms@example.com"));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-04", "Anna", "anna", "nurse", account: id).With("CuratorEmail", "anna@example.com"));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-11", "Bo", "bo", "caretaker", account: id, approved: false).With("CuratorEmail", "bo@example.com"));

        var result = await CliRunner.RunAsync(["schedule", "preview", "--weeks", "3", "--notice-texts", "--account", id, .. Conn], time: Time);
        var brief = await CliRunner.RunAsync(["schedule", "preview", "--weeks", "3", "--account", id, .. Conn], time: Time);

        // Without --notice-texts each notice is one line.
        Assert.Contains($"2027-01-04 08:00 Europe/Stockholm  {id}: notice welcome to anna@example.com: @acme is yours now", brief.Out);
        Assert.DoesNotContain("Hello Anna,", brief.Out);
        // Anna's invitation was due a week before her start, which has passed: at once (now, 13:00 in Stockholm).
        Assert.Contains($"2026-12-30 13:00 Europe/Stockholm  {id}: notice invitation to anna@example.com: You are curating @acme from Monday 4 January 2027, 08:00", result.Out);
        Assert.Contains("    Hello Anna,", result.Out);
        Assert.Contains("    Your personal page:\n    (the curator's personal link)", result.Out.ReplaceLineEndings("\n"));
        Assert.Contains($"2027-01-04 08:00 Europe/Stockholm  {id}: notice welcome to anna@example.com: @acme is yours now", result.Out);
        Assert.Contains($"2027-01-08 08:00 Europe/Stockholm  {id}: notice reminder to bo@example.com: Reminder: accept the guidelines for @acme", result.Out);
        Assert.Contains($"2027-01-09 08:00 Europe/Stockholm  {id}: notice not-accepted to comms@example.com: Bo has not accepted the guidelines (@acme)", result.Out);
        Assert.Contains($"2027-01-11 08:00 Europe/Stockholm  {id}: notice thanks to anna@example.com: Thank you for your week on @acme", result.Out);
        Assert.DoesNotContain("notice reminder to anna@example.com", result.Out);
    }

    [Fact]
    public async Task Preview_shows_a_step_blocked_when_its_template_needs_a_value_the_row_lacks_as_the_processor_blocks_it()
    {
        var (accounts, schedule) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id, language: "en", handle: "acme").With("IntroTemplate", "Hi! I'm {name} and I will talk about {topic}."));
        await schedule.AddEntityAsync(Rows.Slot("2027-01-04", "Anna", "anna", "nurse", account: id));

        var result = await CliRunner.RunAsync(["schedule", "preview", "--weeks", "2", "--account", id, .. Conn], time: Time);

        Assert.Contains($"2027-01-04 08:00 Europe/Stockholm  {id}: (nobody) → Anna", result.Out);
        Assert.Contains("  BLOCKED: the intro (Accounts.IntroTemplate) uses {topic} but there is no value for it here", result.Out);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Missing_table_is_one_clear_line_not_a_stack_trace()
    {
        await using var empty = await global::RotationFunctions.StandIns.Azurite.AzuriteProcess.StartAsync();
        var result = await CliRunner.RunAsync(["schedule", "validate", "--connection-string", empty.ConnectionString], time: Time);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Unreachable_storage_is_one_clear_line()
    {
        // A port nobody listens on: bind one, then release it.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var conn = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={RotationFunctions.StandIns.Azurite.AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        var result = await CliRunner.RunAsync(["schedule", "validate", "--connection-string", conn], time: Time);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cannot reach the Table service", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Guard_check_with_an_account_uses_its_blocked_terms_and_allowed_numbers_from_the_table()
    {
        var (accounts, _) = await TablesAsync();
        var id = NewAccountId();
        await accounts.AddEntityAsync(Rows.Account(id).With("BlockedTerms", "TakeCare").With("AllowedNumbers", "08-616 10 00"));

        var result = await CliRunner.RunAsync(["guard", "check", "--account", id, .. Conn], "\"Växeln 08-616 10 00\"\n\"takecare\"\n", Time);
        var missing = await CliRunner.RunAsync(["guard", "check", "--account", "nobody", .. Conn], "\"Hej\"\n", Time);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["{\"blocked\":false,\"findings\":[]}", "{\"blocked\":true,\"findings\":[{\"kind\":\"term\",\"index\":0,\"length\":8}]}"], result.Out.Trim().Split('\n'));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("There is no account 'nobody'", missing.Error);
    }
}

namespace RotationFunctions.Tests.Cli;

/// <summary>`rotation account …` and `rotation schedule add` on a real Azurite: what an admin types to onboard an account.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AccountCommandsTests(AzuriteFixture azurite)
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 30, 12, 0, 0, TimeSpan.Zero));

    private string[] Conn => ["--connection-string", azurite.ConnectionString];

    private static string NewAccountId() => "t" + Guid.NewGuid().ToString("N")[..10];

    private TableClient Accounts => azurite.TableService().GetTableClient(StorageNames.Default.AccountsTable);

    private TableClient Schedule => azurite.TableService().GetTableClient(StorageNames.Default.ScheduleTable);

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, .. Conn], time: Time);

    [Fact]
    public async Task Account_add_writes_a_row_the_planner_reads_and_refuses_a_taken_id()
    {
        var id = NewAccountId();

        var added = await Run("account", "add", id, "--time-zone", "Europe/Stockholm", "--language", "sv", "--x-handle", "@Sodersjukhuset", "--admin-emails", "komm@sodersjukhuset.se, it@sodersjukhuset.se");
        var again = await Run("account", "add", id, "--time-zone", "Europe/Oslo");

        Assert.True(added.ExitCode == 0, added.Out + added.Error);
        Assert.Contains($"Added account {id}", added.Out);
        var row = (await Accounts.GetEntityAsync<TableEntity>(StorageNames.AccountPartition, id)).Value;
        Assert.Equal("Europe/Stockholm", row.GetString("TimeZone"));
        Assert.Equal("komm@sodersjukhuset.se, it@sodersjukhuset.se", row.GetString("AdminEmails"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"There is an account '{id}' already; change it with: rotation account set {id}", again.Error);
        Assert.Equal("Europe/Stockholm", (await Accounts.GetEntityAsync<TableEntity>(StorageNames.AccountPartition, id)).Value.GetString("TimeZone"));
    }

    [Theory]
    [InlineData("--time-zone", "Stockholm", "TimeZone", "'Stockholm' is not an IANA time zone name")]
    [InlineData("--handover-time", "8", "HandoverTime", "'8' is not a time of day")]
    [InlineData("--admin-emails", "komm@sodersjukhuset.se, Kalle", "AdminEmails", "'Kalle' is not an e-mail address")]
    public async Task Account_add_with_a_bad_field_names_it_and_writes_nothing(string option, string value, string field, string message)
    {
        var id = NewAccountId();
        string[] zone = option == "--time-zone" ? [] : ["--time-zone", "Europe/Stockholm"];

        var result = await Run(["account", "add", id, .. zone, option, value]);

        Assert.Equal(1, result.ExitCode);
        var line = string.Join(' ', Assert.Single(result.Out.Split('\n'), l => l.StartsWith("error", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Accounts {id}", line);
        Assert.Contains(field, line);
        Assert.Contains(message, line);
        Assert.Contains("nothing was written", result.Out);
        await Accounts.CreateIfNotExistsAsync();
        Assert.False((await Accounts.GetEntityIfExistsAsync<TableEntity>(StorageNames.AccountPartition, id)).HasValue);
    }

    [Fact]
    public async Task Account_add_dry_run_prints_what_it_would_write_and_writes_nothing()
    {
        var id = NewAccountId();

        var result = await Run("account", "add", id, "--time-zone", "Europe/Stockholm", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"--dry-run: would add account {id}: TimeZone=Europe/Stockholm. Nothing was written.", result.Out);
        Assert.False((await Accounts.GetEntityIfExistsAsync<TableEntity>(StorageNames.AccountPartition, id)).HasValue);
    }

    [Fact]
    public async Task Account_set_changes_only_the_given_fields_and_keeps_the_token_state_rotation_wrote()
    {
        var id = NewAccountId();
        await Run("account", "add", id, "--time-zone", "Europe/Stockholm", "--language", "sv");
        await Accounts.UpdateEntityAsync(new TableEntity(StorageNames.AccountPartition, id) { ["TokenState"] = "ok" }, Azure.ETag.All, TableUpdateMode.Merge);

        var result = await Run("account", "set", id, "--handover-time", "09:30");
        var missing = await Run("account", "set", "nobody-" + id, "--handover-time", "09:30");

        Assert.Equal(0, result.ExitCode);
        var row = (await Accounts.GetEntityAsync<TableEntity>(StorageNames.AccountPartition, id)).Value;
        Assert.Equal(("09:30", "sv", "Europe/Stockholm", "ok"), (row.GetString("HandoverTime"), row.GetString("Language"), row.GetString("TimeZone"), row.GetString("TokenState")));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("add it with: rotation account add", missing.Error);
    }

    [Fact]
    public async Task Schedule_add_checks_the_neighbours_and_account_list_shows_the_next_handover()
    {
        var id = NewAccountId();
        await Run("account", "add", id, "--time-zone", "Europe/Stockholm", "--language", "sv", "--x-handle", "Sodersjukhuset");

        var first = await Run("schedule", "add", "--account", id, "--date", "2027-01-04", "--name", "Anna Svensson", "--handle", "anna_sv", "--role", "sjuksköterska", "--email", "anna@example.se");
        var taken = await Run("schedule", "add", "--account", id, "--date", "2027-01-04", "--name", "Bo Ek", "--handle", "bo_ek", "--role", "vaktmästare");
        var badMail = await Run("schedule", "add", "--account", id, "--date", "2027-01-11", "--name", "Bo Ek", "--handle", "bo_ek", "--role", "vaktmästare", "--email", "bo at example");
        var dry = await Run("schedule", "add", "--account", id, "--date", "2027-01-11", "--name", "Bo Ek", "--handle", "bo_ek", "--role", "vaktmästare", "--dry-run");
        var list = await Run("account", "list");

        Assert.Equal(0, first.ExitCode);
        var row = (await Schedule.GetEntityAsync<TableEntity>(id, "2027-01-04")).Value;
        Assert.Equal(("Anna Svensson", "anna@example.se", false), (row.GetString("CuratorName"), row.GetString("CuratorEmail"), row.GetBoolean("Approved")));
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("has a slot on 2027-01-04 already (row 2027-01-04, Anna Svensson)", taken.Error);
        Assert.Equal(1, badMail.ExitCode);
        Assert.Contains("'bo at example' is not an e-mail address", badMail.Out);
        Assert.Equal(0, dry.ExitCode);
        Assert.False((await Schedule.GetEntityIfExistsAsync<TableEntity>(id, "2027-01-11")).HasValue);
        var line = Assert.Single(list.Out.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal($"{id}  enabled  posting  Europe/Stockholm  next 2027-01-04 08:00 Anna Svensson (not accepted)  token not authorized", line);
    }
}

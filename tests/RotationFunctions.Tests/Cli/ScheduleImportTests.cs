using MiniExcelLibs;
using RotationFunctions.StandIns.Azurite;

namespace RotationFunctions.Tests.Cli;

/// <summary>`rotation schedule import` and `export` on a real Azurite, with files a real spreadsheet program made.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScheduleImportTests(AzuriteFixture azurite)
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 30, 12, 0, 0, TimeSpan.Zero));

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "spreadsheets", name);

    private static string NewAccountId() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static Task<CliResult> Run(string connectionString, params string[] args) =>
        CliRunner.RunAsync([.. args, "--connection-string", connectionString], time: Time);

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory().FullName, name);

    [Theory]
    [InlineData("schedule-sv-semicolon-1252.csv", "2027-01-11 09:30")]
    [InlineData("schedule-en-comma-utf8.csv", "2027-01-11 09:30")]
    [InlineData("schedule-sv.xlsx", "2027-01-11T09:30:00")]
    public async Task A_file_calc_saved_imports_the_rows_as_the_admin_typed_them(string fixture, string startsAt)
    {
        // The fixtures name the account 'kalkyl': an Azurite of this test's own keeps their rows apart.
        await using var own = await AzuriteProcess.StartAsync();
        Assert.Equal(0, (await Run(own.ConnectionString, "account", "add", "kalkyl", "--time-zone", "Europe/Stockholm", "--language", "sv")).ExitCode);

        var imported = await Run(own.ConnectionString, "schedule", "import", Fixture(fixture));
        var exported = await Run(own.ConnectionString, "schedule", "export", "--account", "kalkyl");

        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        Assert.Contains("Imported 3 row(s) into 1 account(s).", imported.Out);
        Assert.Equal(
            [
                "Account,RowKey,StartsAt,EndsAt,CuratorName,CuratorHandle,Role,Topic,Language,Approved,IntroText,OutroText,CuratorEmail,CuratorBlueskyHandle,CuratorMastodonHandle",
                "kalkyl,2027-01-04,,,Anna Svensson,@anna_sv,sjuksköterska på akuten,\"akuten; natt, dag och helger\",,true,\"Hej! Jag heter {name}; jag är {role}.\nFråga mig om natten, dagen och helgerna.\",,anna@example.se,,",
                $"kalkyl,2027-01-11,{startsAt},,Åsa Öberg,asa_oberg,undersköterska,\"säger \"\"hej\"\"\",,false,,,,,",
                "kalkyl,2027-01-18,,,Bo Ek,12345,vaktmästare,,,true,,,,,",
            ],
            exported.Out.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split("\n").Aggregate(new List<string>(), (lines, l) =>
            {
                // A quoted cell's line break continues the record on the next physical line.
                if (lines.Count > 0 && lines[^1].Count(c => c == '"') % 2 == 1)
                {
                    lines[^1] += "\n" + l;
                }
                else
                {
                    lines.Add(l);
                }
                return lines;
            }));
    }

    [Fact]
    public async Task Export_to_xlsx_writes_a_workbook_that_imports_back_unchanged()
    {
        var id = NewAccountId();
        var conn = azurite.ConnectionString;
        Assert.Equal(0, (await Run(conn, "account", "add", id, "--time-zone", "Europe/Stockholm")).ExitCode);
        var csv = TempFile("slots.csv");
        await File.WriteAllTextAsync(csv,
            "Account,RowKey,StartsAt,CuratorName,CuratorHandle,Role,Approved,Topic\n" +
            $"{id},2027-01-04,2027-01-04T09:00,Anna Svensson,@anna_sv,sjuksköterska,true,\"akuten, natt\"\n" +
            $"{id},2027-01-11,,Bo Ek,bo_ek,vaktmästare,false,\n");
        Assert.Equal(0, (await Run(conn, "schedule", "import", csv)).ExitCode);
        var before = (await Run(conn, "schedule", "export", "--account", id)).Out;

        var xlsx = TempFile("slots.xlsx");
        var exported = await Run(conn, "schedule", "export", "--account", id, "-o", xlsx);
        var reimported = await Run(conn, "schedule", "import", xlsx);

        Assert.Equal(0, exported.ExitCode);
        Assert.Contains("Exported 2 row(s)", exported.Error);
        var cells = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["Schedule"], MiniExcel.GetSheetNames(xlsx));
        Assert.Equal(true, cells[0]["Approved"]);
        Assert.Equal(false, cells[1]["Approved"]);
        Assert.True(reimported.ExitCode == 0, reimported.Out + reimported.Error);
        Assert.Equal(before, (await Run(conn, "schedule", "export", "--account", id)).Out);
    }

    [Fact]
    public async Task Reimporting_the_admins_sheet_keeps_what_the_portal_wrote_and_the_columns_the_file_does_not_have()
    {
        var id = NewAccountId();
        var conn = azurite.ConnectionString;
        Assert.Equal(0, (await Run(conn, "account", "add", id, "--time-zone", "Europe/Stockholm")).ExitCode);
        var first = TempFile("slots.csv");
        await File.WriteAllTextAsync(first,
            "Account;RowKey;CuratorName;CuratorHandle;Role;Approved;Topic;CuratorEmail\n" +
            $"{id};2027-01-18;Anna Svensson;anna_sv;sjuksköterska;FALSKT;akuten;anna@example.se\n");
        Assert.Equal(0, (await Run(conn, "schedule", "import", first)).ExitCode);
        // What the portal writes when the curator accepts (PortalService: a merge of these two fields).
        var accepted = new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.Zero);
        var schedule = azurite.TableService().GetTableClient(StorageNames.Default.ScheduleTable);
        await schedule.UpdateEntityAsync(
            new TableEntity(id, "2027-01-18") { [ScheduleFields.Slot.AcceptedAt] = accepted, [ScheduleFields.Slot.GuidelinesVersion] = "v-abc" },
            Azure.ETag.All, TableUpdateMode.Merge);

        // The admin's sheet again, the role corrected, without the Topic column, the e-mail cell emptied.
        var again = TempFile("slots.csv");
        await File.WriteAllTextAsync(again,
            "Account;RowKey;CuratorName;CuratorHandle;Role;Approved;CuratorEmail\n" +
            $"{id};2027-01-18;Anna Svensson;anna_sv;sjuksköterska på akuten;FALSKT;\n");
        var result = await Run(conn, "schedule", "import", again);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var row = (await schedule.GetEntityAsync<TableEntity>(id, "2027-01-18")).Value;
        Assert.Equal(accepted, row.GetDateTimeOffset(ScheduleFields.Slot.AcceptedAt));
        Assert.Equal("v-abc", row.GetString(ScheduleFields.Slot.GuidelinesVersion));
        Assert.Equal("sjuksköterska på akuten", row.GetString(ScheduleFields.Slot.Role));
        Assert.Equal("akuten", row.GetString(ScheduleFields.Slot.Topic));
        Assert.False(row.ContainsKey(ScheduleFields.Slot.CuratorEmail)); // a column the file has speaks for its empty cells too
    }
}

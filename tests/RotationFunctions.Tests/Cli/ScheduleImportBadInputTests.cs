using System.Text;

namespace RotationFunctions.Tests.Cli;

/// <summary>
/// `rotation schedule import` of a file it must refuse: one line that names what and where and what was
/// expected, exit code 1, nothing written. (A taken account id and an unknown zone: AccountCommandsTests.)
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScheduleImportBadInputTests(AzuriteFixture azurite)
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 30, 12, 0, 0, TimeSpan.Zero));

    private const string Header = "Account;RowKey;CuratorName;CuratorHandle;Role;Approved";

    public static TheoryData<string, string, string> Files => new()
    {
        { "neither.csv", "bytes:00-01-02-FF-FE-10-00-00", "neither.csv: is neither CSV nor XLSX (it holds bytes no text has); expected a CSV file (comma or semicolon separated) or an .xlsx workbook." },
        { "schedule-sv.ods", "fixture", "schedule-sv.ods: is a zip file but not an Excel workbook" },
        { "schedule-sv.xls", "fixture", "schedule-sv.xls: is an Excel 97–2003 workbook (.xls) or another old Office file; expected a CSV file (comma or semicolon separated) or an .xlsx workbook: save it as .xlsx or CSV." },
        { "empty-sv.xlsx", "fixture", "empty-sv.xlsx, sheet 'Blad1': the sheet is empty; its first row must be the header: Account,RowKey,StartsAt," },
        { "empty.csv", "", "empty.csv: the file is empty; its first row must be the header: Account,RowKey," },
        { "header-only.csv", Header + "\n", "header-only.csv: there are no slots below the header; expected one row per slot under: Account,RowKey," },
        { "wrong-header.csv", "Konto;Datum;Namn\n{id};2027-01-18;Anna\n", "wrong-header.csv, row 1: the header has no Account or RowKey column; unknown columns 'Konto', 'Datum', 'Namn'; expected: Account,RowKey,StartsAt," },
        { "twice.csv", Header + "\n{id};2027-01-18;Anna;anna;sjuksköterska;SANT\n{id};2027-01-18;Bo;bo;läkare;SANT\n", "twice.csv, row 3: {id} 2027-01-18 is on row 2 too; one row per slot." },
        { "no-key.csv", Header + "\n{id};;Anna;anna;sjuksköterska;SANT\n", "no-key.csv, row 2: RowKey is empty; every row needs an Account and a RowKey (the slot's start date, YYYY-MM-DD)." },
        { "taken.csv", Header + "\n{id};2027-01-11-bo;Bo;bo;läkare;SANT\n", "taken.csv: {id} 2027-01-11-bo: there is a slot on 2027-01-11 already (RowKey 2027-01-11, Anna Svensson); expected one slot per date: change that row instead." },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_file_import_must_refuse_is_one_line_exit_1_and_nothing_written(string name, string content, string expected)
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        string[] conn = ["--connection-string", azurite.ConnectionString];
        Assert.Equal(0, (await CliRunner.RunAsync(["account", "add", id, "--time-zone", "Europe/Stockholm", .. conn], time: Time)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["schedule", "add", "--account", id, "--date", "2027-01-11", "--name", "Anna Svensson", "--handle", "anna_sv", "--role", "sjuksköterska", .. conn], time: Time)).ExitCode);
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, name);
        if (content == "fixture")
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "spreadsheets", name), path);
        }
        else
        {
            await File.WriteAllBytesAsync(path, content.StartsWith("bytes:", StringComparison.Ordinal)
                ? Convert.FromHexString(content[6..].Replace("-", "", StringComparison.Ordinal))
                : Encoding.UTF8.GetBytes(content.Replace("{id}", id, StringComparison.Ordinal)));
        }

        var result = await CliRunner.RunAsync(["schedule", "import", path, .. conn], time: Time);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(expected.Replace("{id}", id, StringComparison.Ordinal), Assert.Single(result.Error.TrimEnd().Split('\n')).TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Equal("Nothing was written.", result.Out.Trim());
        var rows = (await CliRunner.RunAsync(["schedule", "export", "--account", id, .. conn], time: Time)).Out.Trim().Split('\n');
        Assert.Equal(2, rows.Length); // the header and the slot schedule add wrote
    }

    [Fact]
    public async Task A_row_of_an_unknown_account_is_named_with_the_accounts_there_are()
    {
        string[] conn = ["--connection-string", azurite.ConnectionString];
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "slots.csv");
        await File.WriteAllTextAsync(path, Header + "\nnosuchaccount;2027-01-18;Anna;anna;sjuksköterska;SANT\n");

        var result = await CliRunner.RunAsync(["schedule", "import", path, .. conn], time: Time);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Out.Split('\n'), l => l.StartsWith("error", StringComparison.Ordinal));
        Assert.Contains("nosuchaccount", error);
        Assert.Contains("1 error(s): nothing was written.", result.Out);
    }
}

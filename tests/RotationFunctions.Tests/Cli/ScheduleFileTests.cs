using System.Text;
using RotationFunctions.Cli.Schedule;

namespace RotationFunctions.Tests.Cli;

/// <summary>
/// What `schedule import` reads from the files spreadsheets really write: the fixtures LibreOffice Calc made
/// (TestData/spreadsheets, see make-fixtures.sh) and the byte-level variants Excel on Windows adds.
/// </summary>
public sealed class ScheduleFileTests
{
    private static FileInfo Fixture(string name) => new(Path.Combine(AppContext.BaseDirectory, "TestData", "spreadsheets", name));

    private static (List<TableEntity> Rows, List<string> Errors) Read(FileInfo file)
    {
        var errors = new List<string>();
        var sheet = ScheduleFile.Read(file, out var error);
        if (error is not null)
        {
            errors.Add(error);
        }
        return (sheet is null ? [] : ScheduleSheetRows.Read(sheet, errors), errors);
    }

    private static (List<TableEntity> Rows, List<string> Errors) Read(byte[] bytes, string name = "slots.csv")
    {
        var dir = Directory.CreateTempSubdirectory();
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return Read(new FileInfo(path));
    }

    private static void AssertCalcRows(List<TableEntity> rows, string startsAt)
    {
        Assert.Equal(["2027-01-04", "2027-01-11", "2027-01-18"], rows.Select(r => r.RowKey));
        Assert.All(rows, r => Assert.Equal("kalkyl", r.PartitionKey));
        Assert.Equal("sjuksköterska på akuten", rows[0]["Role"]);
        Assert.Equal("akuten; natt, dag och helger", rows[0]["Topic"]);
        Assert.Equal("Hej! Jag heter {name}; jag är {role}.\nFråga mig om natten, dagen och helgerna.", rows[0]["IntroText"]);
        Assert.Equal(true, rows[0]["Approved"]);
        Assert.False(rows[0].ContainsKey("StartsAt"));
        Assert.Equal("Åsa Öberg", rows[1]["CuratorName"]);
        Assert.Equal("säger \"hej\"", rows[1]["Topic"]);
        Assert.Equal(startsAt, rows[1]["StartsAt"]);
        Assert.Equal(false, rows[1]["Approved"]);
        Assert.False(rows[1].ContainsKey("CuratorEmail"));
        Assert.Equal("12345", rows[2]["CuratorHandle"]);
        Assert.Equal(true, rows[2]["Approved"]);
    }

    [Fact]
    public void Swedish_semicolon_separated_windows_1252_csv_from_calc_reads_with_SANT_and_FALSKT()
    {
        var file = Fixture("schedule-sv-semicolon-1252.csv");
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(File.ReadAllBytes(file.FullName)));

        var (rows, errors) = Read(file);

        Assert.Empty(errors);
        AssertCalcRows(rows, "2027-01-11 09:30");
    }

    [Fact]
    public void English_comma_separated_utf8_csv_from_calc_reads_with_TRUE_and_FALSE()
    {
        var (rows, errors) = Read(Fixture("schedule-en-comma-utf8.csv"));

        Assert.Empty(errors);
        AssertCalcRows(rows, "2027-01-11 09:30");
    }

    [Fact]
    public void Xlsx_from_calc_reads_the_first_sheet_with_typed_dates_numbers_and_booleans()
    {
        var (rows, errors) = Read(Fixture("schedule-sv.xlsx"));

        Assert.Empty(errors);
        AssertCalcRows(rows, "2027-01-11T09:30:00");
    }

    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]
    public void Excel_csv_with_CRLF_or_LF_with_or_without_a_BOM_and_ja_nej_reads(string newline, bool bom)
    {
        var text = string.Join(newline,
            "Account;RowKey;CuratorName;CuratorHandle;Role;Approved;Topic",
            "sos;2027-01-04;Anna;anna;sjuksköterska;ja;\"två" + newline + "rader; med semikolon\"",
            "sos;2027-01-11;Bo;bo;vaktmästare;Nej;",
            "sos;2027-01-18;Cia;cia;läkare;kanske;",
            "");
        byte[] bytes = [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

        var (rows, errors) = Read(bytes);

        Assert.Empty(errors);
        Assert.Equal("sjuksköterska", rows[0]["Role"]);
        Assert.Equal("Account", Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF')[..7]);
        Assert.Equal($"två{newline}rader; med semikolon", rows[0]["Topic"]);
        Assert.Equal(true, rows[0]["Approved"]);
        Assert.Equal(false, rows[1]["Approved"]);
        Assert.Equal("kanske", rows[2]["Approved"]); // the validator names the row and what it takes
    }

    [Fact]
    public void Excel_unicode_text_is_utf16_and_tab_separated()
    {
        var (rows, errors) = Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Account\tRowKey\tCuratorName\r\nsos\t2027-01-04\tÅsa\r\n")], "slots.txt");

        Assert.Empty(errors);
        Assert.Equal("Åsa", Assert.Single(rows)["CuratorName"]);
    }

    [Theory]
    [InlineData("SANT", true)]
    [InlineData("falskt", false)]
    [InlineData("TRUE", true)]
    [InlineData("False", false)]
    [InlineData(" ja ", true)]
    [InlineData("NEJ", false)]
    [InlineData("1", null)]
    public void Booleans_as_spreadsheets_write_them(string text, bool? expected) =>
        Assert.Equal(expected, ScheduleSheetRows.ParseBoolean(text));
}

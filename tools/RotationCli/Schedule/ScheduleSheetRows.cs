using System.Globalization;

namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// Turns a sheet into Schedule rows: the header must be the export's columns (any order, any subset that
/// has Account and RowKey), one row per slot, and cells become what the table and its validator read.
/// Everything else (a bad handle, a slot that overlaps) is the validator's to report, with the RowKey.
/// </summary>
public static class ScheduleSheetRows
{
    public static string Expected => string.Join(",", ScheduleCsv.Columns);

    /// <summary>The rows, or errors that each name the file, the row or column and what was expected.</summary>
    public static List<TableEntity> Read(ScheduleSheet sheet, List<string> errors)
    {
        var rows = new List<TableEntity>();
        var header = sheet.Header.ToList();
        if (header.All(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{sheet.Where}: the sheet is empty; its first row must be the header: {Expected}");
            return rows;
        }
        // One line for the whole header: a sheet with the wrong header is usually wrong in every column.
        var missing = new[] { ScheduleCsv.AccountColumn, ScheduleCsv.RowKeyColumn }.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Select((h, i) => h.Length == 0 ? $"column {i + 1} (no name)" : h).Where(h => !ScheduleCsv.Columns.Contains(h)).ToList();
        var twice = header.Where(h => h.Length > 0).GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count + unknown.Count + twice.Count > 0)
        {
            var what = new[]
            {
                missing.Count > 0 ? $"no {string.Join(" or ", missing)} column" : null,
                unknown.Count > 0 ? $"unknown column{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}" : null,
                twice.Count > 0 ? $"{string.Join(", ", twice)} more than once" : null,
            };
            errors.Add($"{sheet.Where}, row 1: the header has {string.Join("; ", what.OfType<string>())}; expected: {Expected}");
        }
        if (errors.Count > 0)
        {
            return rows;
        }

        var seen = new Dictionary<(string, string), int>();
        foreach (var row in sheet.Rows)
        {
            string Cell(string column) => Text(column, At(row, header.IndexOf(column)));
            if (row.Cells.All(c => c is null || c is string { Length: 0 }))
            {
                continue; // spreadsheets keep blank lines an admin left between weeks
            }
            var account = Cell(ScheduleCsv.AccountColumn);
            var rowKey = Cell(ScheduleCsv.RowKeyColumn);
            if (account.Length == 0 || rowKey.Length == 0)
            {
                errors.Add($"{sheet.Where}, row {row.Number}: {(account.Length == 0 ? ScheduleCsv.AccountColumn : ScheduleCsv.RowKeyColumn)} is empty; every row needs an Account and a RowKey (the slot's start date, YYYY-MM-DD).");
                continue;
            }
            if (seen.TryGetValue((account, rowKey), out var first))
            {
                errors.Add($"{sheet.Where}, row {row.Number}: {account} {rowKey} is on row {first} too; one row per slot.");
                continue;
            }
            seen[(account, rowKey)] = row.Number;
            var entity = new TableEntity(account, rowKey);
            foreach (var field in ScheduleFields.Slot.All.Where(header.Contains))
            {
                if (Value(field, At(row, header.IndexOf(field))) is { } value)
                {
                    entity[field] = value;
                }
            }
            rows.Add(entity);
        }
        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add($"{sheet.Where}: there are no slots below the header; expected one row per slot under: {Expected}");
        }
        return rows;
    }

    /// <summary>
    /// Booleans as spreadsheets write them: Excel's and LibreOffice's Swedish SANT/FALSKT, English TRUE/FALSE,
    /// and the ja/nej people type.
    /// </summary>
    public static bool? ParseBoolean(string text) => text.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "SANT" or "JA" or "YES" => true,
        "FALSE" or "FALSKT" or "NEJ" or "NO" => false,
        _ => null,
    };

    private static object? At(ScheduleSheetRow row, int index) => index >= 0 && index < row.Cells.Count ? row.Cells[index] : null;

    private static object? Value(string field, object? cell)
    {
        if (field == ScheduleFields.Slot.Approved)
        {
            // Left as text when it is not a boolean: the validator names the row and says what it takes.
            return cell is bool b ? b : Text(field, cell) is { Length: > 0 } text ? ParseBoolean(text) ?? (object)text : null;
        }
        return Text(field, cell) is { Length: > 0 } value ? value : null;
    }

    /// <summary>
    /// A typed cell as the table's text: a date cell (Excel makes one of 2027-01-04 as soon as it is typed)
    /// is the RowKey's date, or a local time without offset, which the account's zone places.
    /// </summary>
    private static string Text(string field, object? cell) => cell switch
    {
        null => "",
        string s => s.Trim(),
        DateTime d when field == ScheduleCsv.RowKeyColumn || d.TimeOfDay == TimeSpan.Zero && field != ScheduleFields.Slot.StartsAt && field != ScheduleFields.Slot.EndsAt
            => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString()?.Trim() ?? "",
    };
}

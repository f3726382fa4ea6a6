using System.Data;
using MiniExcelLibs;

namespace RotationFunctions.Cli.Schedule;

/// <summary>The Schedule table as an .xlsx workbook (MiniExcel): the first sheet, the CSV's header, typed cells.</summary>
public static class ScheduleXlsx
{
    public const string SheetName = "Schedule";

    /// <summary>The first sheet, cells typed as the workbook stores them (text, numbers, dates, booleans).</summary>
    public static ScheduleSheet ReadSheet(Stream workbook, string fileName)
    {
        var sheetName = MiniExcel.GetSheetNames(workbook).FirstOrDefault();
        workbook.Position = 0;
        var where = $"{fileName}, sheet '{sheetName}'";
        // Without a header row MiniExcel keys cells by column letter, so the header is checked like any row.
        var rows = MiniExcel.Query(workbook, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select((cells, i) => new ScheduleSheetRow(i + 1, Cells(cells)))
            .ToList();
        if (rows.Count == 0)
        {
            return new ScheduleSheet(where, [], []);
        }
        var header = rows[0].Cells.Select(c => c?.ToString()?.Trim() ?? "").ToList();
        while (header.Count > 0 && header[^1].Length == 0)
        {
            header.RemoveAt(header.Count - 1);
        }
        return new ScheduleSheet(where, header, rows[1..]);
    }

    public static async Task WriteAsync(Stream output, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        using var table = new DataTable(SheetName);
        foreach (var column in ScheduleCsv.Columns)
        {
            table.Columns.Add(column, typeof(object));
        }
        foreach (var row in ScheduleCsv.Ordered(rows))
        {
            // Approved stays a boolean cell, which Excel shows in the reader's language (SANT/FALSKT); the rest is text, as the table holds it.
            table.Rows.Add([row.PartitionKey, row.RowKey, .. ScheduleFields.Slot.All.Select(f => row.TryGetValue(f, out var v) && v is not null
                ? v is bool b ? b : (object)ScheduleCsv.Format(v)
                : DBNull.Value)]);
        }
        await MiniExcel.SaveAsAsync(output, table, sheetName: SheetName, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
    }

    private static List<object?> Cells(IDictionary<string, object?> row) =>
        row.OrderBy(c => c.Key.Length).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value).ToList();
}

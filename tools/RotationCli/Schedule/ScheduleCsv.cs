using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace RotationFunctions.Cli.Schedule;

/// <summary>The Schedule table as CSV: one row per slot, the account in the first column.</summary>
public static class ScheduleCsv
{
    public const string AccountColumn = "Account";
    public const string RowKeyColumn = "RowKey";

    public static readonly string[] Columns = [AccountColumn, RowKeyColumn, .. ScheduleFields.Slot.All];

    public static async Task WriteAsync(TextWriter writer, IEnumerable<TableEntity> rows)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }
        await csv.NextRecordAsync();
        foreach (var row in rows.OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal))
        {
            csv.WriteField(row.PartitionKey);
            csv.WriteField(row.RowKey);
            foreach (var field in ScheduleFields.Slot.All)
            {
                csv.WriteField(row.TryGetValue(field, out var value) ? Format(value) : "");
            }
            await csv.NextRecordAsync();
        }
    }

    /// <summary>Reads rows as an admin wrote them; Approved becomes a boolean when it is one, everything else stays text for the validator.</summary>
    public static List<TableEntity> Read(TextReader reader, out List<string> errors)
    {
        errors = [];
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, MissingFieldFound = null, BadDataFound = null };
        using var csv = new CsvReader(reader, config);
        var rows = new List<TableEntity>();
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            errors.Add("the file is empty; the first line must be the header: " + string.Join(",", Columns));
            return rows;
        }
        var header = csv.HeaderRecord;
        foreach (var missing in new[] { AccountColumn, RowKeyColumn }.Where(c => !header.Contains(c)))
        {
            errors.Add($"the header has no {missing} column; expected: {string.Join(",", Columns)}");
        }
        foreach (var unknown in header.Where(h => !Columns.Contains(h)))
        {
            errors.Add($"unknown column '{unknown}' in the header; expected: {string.Join(",", Columns)}");
        }
        if (errors.Count > 0)
        {
            return rows;
        }
        while (csv.Read())
        {
            var line = csv.Parser.Row;
            var account = csv.GetField(AccountColumn) ?? "";
            var rowKey = csv.GetField(RowKeyColumn) ?? "";
            if (account.Length == 0 || rowKey.Length == 0)
            {
                errors.Add($"line {line}: Account and RowKey must both be filled.");
                continue;
            }
            var entity = new TableEntity(account, rowKey);
            foreach (var field in ScheduleFields.Slot.All.Where(header.Contains))
            {
                var value = csv.GetField(field);
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }
                entity[field] = field == ScheduleFields.Slot.Approved && bool.TryParse(value, out var b) ? b : value;
            }
            rows.Add(entity);
        }
        return rows;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using System.Globalization;
using System.Text;
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
        foreach (var row in Ordered(rows))
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

    /// <summary>
    /// The sheet in a CSV as spreadsheets save it: the separator is the header line's (Swedish Excel's
    /// "CSV (semikolonavgränsad)" writes ';', English Excel ',', "Unicode text" a tab); quoted fields may
    /// hold separators and line breaks; CRLF or LF.
    /// </summary>
    public static ScheduleSheet ReadSheet(string text, string where)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = DetectSeparator(text),
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            BadDataFound = null,
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
        };
        using var csv = new CsvReader(new StringReader(text), config);
        string[] header = [];
        var rows = new List<ScheduleSheetRow>();
        while (csv.Read())
        {
            var cells = csv.Parser.Record ?? [];
            if (csv.Parser.Row == 1)
            {
                header = cells;
            }
            else
            {
                rows.Add(new ScheduleSheetRow(csv.Parser.Row, cells));
            }
        }
        return new ScheduleSheet(where, header, rows);
    }

    /// <summary>
    /// Text as Windows and Excel save it: UTF-8 with or without a byte-order mark, UTF-16 with one ("Unicode
    /// text"), and otherwise Windows-1252, which Swedish Excel's CSV is (å, ä, ö as single bytes that are not UTF-8).
    /// </summary>
    public static string Decode(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(span[3..]);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(span[2..]);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        }
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(span);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The separator the header line uses most; a header is column names, none of which holds one.</summary>
    private static string DetectSeparator(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        return new[] { ",", ";", "\t" }.MaxBy(s => line.Count(c => c == s[0]))!;
    }

    /// <summary>Export's order: by account, then by RowKey, which is date order.</summary>
    public static IEnumerable<TableEntity> Ordered(IEnumerable<TableEntity> rows) =>
        rows.OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal);

    public static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using System.IO.Compression;

namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// The file an admin hands `schedule import`, told apart by its bytes rather than its name (Excel users
/// rename files): an .xlsx workbook, or CSV text as spreadsheets save it.
/// </summary>
public static class ScheduleFile
{
    private const string Expected = "a CSV file (comma or semicolon separated) or an .xlsx workbook";

    /// <summary>The first sheet, or one line saying what the file is and what was expected.</summary>
    public static ScheduleSheet? Read(FileInfo file, out string? error)
    {
        error = null;
        var bytes = File.ReadAllBytes(file.FullName);
        ReadOnlySpan<byte> head = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (bytes.Length == 0)
        {
            error = $"{file.Name}: the file is empty; its first row must be the header: {ScheduleSheetRows.Expected}";
            return null;
        }
        if (head.StartsWith("PK\x03\x04"u8))
        {
            return ReadWorkbook(file.Name, bytes, out error);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            error = $"{file.Name}: is an Excel 97–2003 workbook (.xls) or another old Office file; expected {Expected}: save it as .xlsx or CSV.";
            return null;
        }
        var text = ScheduleCsv.Decode(bytes);
        if (LooksBinary(text))
        {
            error = $"{file.Name}: is neither CSV nor XLSX (it holds bytes no text has); expected {Expected}.";
            return null;
        }
        return ScheduleCsv.ReadSheet(text, file.Name);
    }

    private static ScheduleSheet? ReadWorkbook(string name, byte[] bytes, out string? error)
    {
        error = null;
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                if (zip.GetEntry("xl/workbook.xml") is null)
                {
                    error = $"{name}: is a zip file but not an Excel workbook (a Word or OpenDocument file?); expected {Expected}.";
                    return null;
                }
            }
            stream.Position = 0;
            return ScheduleXlsx.ReadSheet(stream, name);
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or KeyNotFoundException)
        {
            error = $"{name}: is not a readable .xlsx workbook ({e.Message}); expected {Expected}.";
            return null;
        }
    }

    /// <summary>Control characters other than tab and line breaks are in binary files, never in a saved sheet.</summary>
    private static bool LooksBinary(string text) =>
        text.AsSpan(0, Math.Min(text.Length, 8192)).IndexOfAnyInRange('\0', '\b') >= 0
        || text.AsSpan(0, Math.Min(text.Length, 8192)).IndexOfAnyInRange('\x0E', '\x1F') >= 0;
}

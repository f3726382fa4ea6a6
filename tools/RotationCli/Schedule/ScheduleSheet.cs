namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// One sheet of an admin's schedule file: the header and the rows below it, each cell as the file typed
/// it (always text from a CSV; text, numbers, dates and booleans from an .xlsx), so CSV and XLSX become
/// table rows by one rule (<see cref="ScheduleSheetRows"/>).
/// </summary>
/// <param name="Where">How error lines name the file: <c>slots.csv</c>, <c>slots.xlsx, sheet 'Blad1'</c>.</param>
public sealed record ScheduleSheet(string Where, IReadOnlyList<string> Header, IReadOnlyList<ScheduleSheetRow> Rows);

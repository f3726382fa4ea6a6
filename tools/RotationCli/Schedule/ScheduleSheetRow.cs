namespace RotationFunctions.Cli.Schedule;

/// <param name="Number">The row as the spreadsheet program numbers it (the header is row 1), so an admin finds it.</param>
public sealed record ScheduleSheetRow(int Number, IReadOnlyList<object?> Cells);

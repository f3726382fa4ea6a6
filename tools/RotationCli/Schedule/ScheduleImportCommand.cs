namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// `rotation schedule import FILE`: a CSV or .xlsx of slots, validated with the rows it leaves in the table,
/// merged into the rows that exist (<see cref="ScheduleImportMerge"/>), written only when nothing is wrong.
/// </summary>
internal static class ScheduleImportCommand
{
    /// <summary>A row changed between the read and the write (a curator accepted) makes the import read again.</summary>
    private const int Attempts = 3;

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var command = new Command("import", "Validate a CSV or .xlsx of slots together with the accounts, then write it (one transaction per account). Writes nothing when there is an error.");
        var file = new Argument<FileInfo>("file") { Description = "CSV (comma or semicolon, as Excel saves it) or .xlsx (the first sheet) with the header " + ScheduleSheetRows.Expected };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate only; write nothing." };
        var connection = new StorageConnection();
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        connection.AddTo(command);
        command.SetAction((parse, ct) => ScheduleCommands.WithStore(parse, connection, console, time, async store =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await console.Error.WriteLineAsync($"No such file: {path.FullName}");
                return 2;
            }
            var errors = new List<string>();
            var sheet = ScheduleFile.Read(path, out var fileError);
            if (fileError is not null)
            {
                errors.Add(fileError);
            }
            var imported = sheet is null ? [] : ScheduleSheetRows.Read(sheet, errors);
            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync(error);
            }
            if (errors.Count > 0)
            {
                await console.Out.WriteLineAsync("Nothing was written.");
                return 1;
            }

            await store.EnsureCreatedAsync(ct);
            var touched = imported.Select(r => r.PartitionKey).ToHashSet(StringComparer.Ordinal);
            for (var attempt = 1; ; attempt++)
            {
                var existing = (await store.Schedule.ExportAsync(null, ct)).Where(r => touched.Contains(r.PartitionKey)).ToList();
                var clashes = TakenDates(existing, imported).Select(c => $"{sheet!.Where}: {c}").ToList();
                if (clashes.Count > 0)
                {
                    foreach (var clash in clashes)
                    {
                        await console.Error.WriteLineAsync(clash);
                    }
                    await console.Out.WriteLineAsync("Nothing was written.");
                    return 1;
                }
                var merged = ScheduleImportMerge.Merge(existing, imported, sheet!.Header.ToList());
                // Validate what the table will hold afterwards: the account's other rows, and these as merged.
                var after = existing.Where(r => !merged.Exists(m => m.PartitionKey == r.PartitionKey && m.RowKey == r.RowKey)).Concat(merged);
                var report = store.Validate((await store.Accounts.ListAsync(ct)).Only(touched), after);
                if (report.HasErrors || parse.GetValue(dryRun))
                {
                    await ScheduleCommands.WriteProblemsAsync(console.Out, report.Problems);
                    await console.Out.WriteLineAsync(report.HasErrors
                        ? $"{report.Problems.Count(p => p.IsError)} error(s): nothing was written."
                        : $"{imported.Count} row(s) are valid; --dry-run: nothing was written.");
                    return report.HasErrors ? 1 : 0;
                }
                try
                {
                    var written = await store.Schedule.ImportAsync(merged, ct);
                    await ScheduleCommands.WriteProblemsAsync(console.Out, report.Problems);
                    await console.Out.WriteLineAsync($"Imported {written} row(s) into {touched.Count} account(s).");
                    return 0;
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
                {
                    // Someone wrote a row of these accounts since the read; merge into what is there now.
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
                {
                    await console.Error.WriteLineAsync($"The schedule of {string.Join(", ", touched)} changed during each of {Attempts} attempts to write it; run the import again (re-importing the same file is safe).");
                    return 1;
                }
            }
        }));
        return command;
    }

    /// <summary>
    /// Two slots on one date (RowKeys 2027-01-04 and 2027-01-04-anna) start at the same moment: almost always a
    /// new row typed where the old one should have been changed, so it is refused by name, as `schedule add` does.
    /// </summary>
    private static IEnumerable<string> TakenDates(IReadOnlyList<TableEntity> existing, IReadOnlyList<TableEntity> imported)
    {
        var importedKeys = imported.Select(r => (r.PartitionKey, r.RowKey)).ToHashSet();
        var kept = existing.Where(r => !importedKeys.Contains((r.PartitionKey, r.RowKey)));
        var byDate = new Dictionary<(string, DateOnly), TableEntity>();
        foreach (var row in kept.Concat(imported))
        {
            if (!ScheduleFields.TryParseRowKeyDate(row.RowKey, out var date))
            {
                continue; // the validator reports the RowKey
            }
            if (byDate.TryGetValue((row.PartitionKey, date), out var taken))
            {
                yield return $"{row.PartitionKey} {row.RowKey}: there is a slot on {ScheduleFields.RowKeyOf(date)} already (RowKey {taken.RowKey}, {taken.GetString(ScheduleFields.Slot.CuratorName)}); expected one slot per date: change that row instead.";
                continue;
            }
            byDate[(row.PartitionKey, date)] = row;
        }
    }
}

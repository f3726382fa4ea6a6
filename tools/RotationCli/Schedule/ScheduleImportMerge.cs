namespace RotationFunctions.Cli.Schedule;

/// <summary>
/// What a re-imported sheet does to rows that exist: a column the file has replaces the row's value (an
/// empty cell clears it); every other field stays: columns the file lacks, and what the system wrote
/// (AcceptedAt and GuidelinesVersion from the portal, or any field added later), which no sheet carries.
/// </summary>
public static class ScheduleImportMerge
{
    private static readonly string[] Keys = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>The imported rows to write; a merged one carries the read row's ETag, so it replaces only that version.</summary>
    public static List<TableEntity> Merge(IEnumerable<TableEntity> existing, IEnumerable<TableEntity> imported, IReadOnlyCollection<string> fileColumns)
    {
        var read = existing.ToDictionary(r => (r.PartitionKey, r.RowKey));
        return imported.Select(row =>
        {
            if (!read.TryGetValue((row.PartitionKey, row.RowKey), out var old))
            {
                return row;
            }
            var merged = new TableEntity(row.PartitionKey, row.RowKey) { ETag = old.ETag };
            foreach (var (field, value) in old.Where(f => !Keys.Contains(f.Key) && !fileColumns.Contains(f.Key)))
            {
                merged[field] = value;
            }
            foreach (var (field, value) in row.Where(f => !Keys.Contains(f.Key)))
            {
                merged[field] = value;
            }
            return merged;
        }).ToList();
    }
}

namespace RotationFunctions.Schedule;

/// <summary>The Accounts columns on how long curators' personal data is kept: CuratorEmailRetentionDays, PostAuditRetentionDays.</summary>
internal static class NoticeFields
{
    /// <summary>Curator e-mail addresses in the Notices rows are removed this many days after the slot ends, unless the row says otherwise.</summary>
    public const int DefaultEmailRetentionDays = 90;

    /// <summary>Ten years: longer is no retention at all, and more likely a typo.</summary>
    private const int MaxRetentionDays = 3650;

    /// <summary>Days, or <paramref name="empty"/> when the cell is empty; an error for anything but a whole number of days from 1 to 3650.</summary>
    public static int? Days(TableEntity row, string field, int? empty, string what, ProblemSink sink)
    {
        if (!row.TryGetValue(field, out var value) || value is null || value is string { Length: 0 })
        {
            return empty;
        }
        if (value is int i && i is >= 1 and <= MaxRetentionDays)
        {
            return i;
        }
        if (value is string s && int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxRetentionDays)
        {
            return parsed;
        }
        sink.Error(field, $"must be a whole number of days from 1 to {MaxRetentionDays} ({what}), not '{value}'.");
        return empty;
    }
}

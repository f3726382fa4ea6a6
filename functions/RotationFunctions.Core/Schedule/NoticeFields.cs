namespace RotationFunctions.Schedule;

/// <summary>The Accounts columns on curators' access and on how long their personal data is kept: CuratorAccess, CuratorEmailRetentionDays, PostAuditRetentionDays.</summary>
internal static class NoticeFields
{
    /// <summary>Curator e-mail addresses in the Notices rows are removed this many days after the slot ends, unless the row says otherwise.</summary>
    public const int DefaultEmailRetentionDays = 90;

    /// <summary>Ten years: longer is no retention at all, and more likely a typo.</summary>
    private const int MaxRetentionDays = 3650;

    public static CuratorAccess Access(TableEntity row, ProblemSink sink)
    {
        var text = EntityFields.String(row, ScheduleFields.Account.CuratorAccess, sink)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return CuratorAccess.Portal;
        }
        if (Enum.TryParse<CuratorAccess>(text, ignoreCase: true, out var access) && Enum.IsDefined(access) && !int.TryParse(text, out _))
        {
            return access;
        }
        sink.Error(ScheduleFields.Account.CuratorAccess, $"'{text}' is not a way to give curators access; write portal (the personal link, the default) or delegate (X Delegate, given by hand).");
        return CuratorAccess.Portal;
    }

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

namespace RotationFunctions.Schedule;

/// <summary>
/// Reads table properties the way admins write them by hand: typed or as strings,
/// reporting a wrong type as a problem instead of throwing.
/// </summary>
internal static class EntityFields
{
    public static string? String(TableEntity entity, string field, ProblemSink problems)
    {
        if (!entity.TryGetValue(field, out var value) || value is null)
        {
            return null;
        }
        if (value is string s)
        {
            return s;
        }
        problems.Error(field, $"must be text (Edm.String) but is {EdmName(value)} ('{Convert.ToString(value, CultureInfo.InvariantCulture)}').");
        return null;
    }

    public static bool? Bool(TableEntity entity, string field, ProblemSink problems)
    {
        if (!entity.TryGetValue(field, out var value) || value is null)
        {
            return null;
        }
        switch (value)
        {
            case bool b:
                return b;
            case string s when bool.TryParse(s.Trim(), out var parsed):
                return parsed;
            case string s when string.IsNullOrWhiteSpace(s):
                return null;
            case string s:
                problems.Error(field, $"must be true or false, not '{s}'.");
                return null;
            default:
                problems.Error(field, $"must be true or false (Edm.Boolean) but is {EdmName(value)}.");
                return null;
        }
    }

    /// <summary>A date-time: Edm.DateTime (an instant), or an ISO-8601 string with or without offset (no offset = local in <paramref name="zone"/>).</summary>
    public static DateTimeValue? DateTime(TableEntity entity, string field, ProblemSink problems)
    {
        if (!entity.TryGetValue(field, out var value) || value is null)
        {
            return null;
        }
        switch (value)
        {
            case DateTimeOffset dto:
                return new DateTimeValue(dto, null);
            case DateTime dt:
                return new DateTimeValue(new DateTimeOffset(System.DateTime.SpecifyKind(dt, DateTimeKind.Utc)), null);
            case string s when string.IsNullOrWhiteSpace(s):
                return null;
            case string s:
                return ParseIso(s.Trim(), field, problems);
            default:
                problems.Error(field, $"must be a date and time (Edm.DateTime or text like 2027-01-04T08:00) but is {EdmName(value)}.");
                return null;
        }
    }

    /// <summary>A column the app writes itself (token state): read as it is, never reported.</summary>
    public static object? Lenient(TableEntity entity, string field) =>
        entity.TryGetValue(field, out var value) ? value : null;

    /// <summary>An instant the app wrote itself: typed, or text with or without offset (UTC).</summary>
    public static DateTimeOffset? LenientInstant(TableEntity entity, string field) => Lenient(entity, field) switch
    {
        DateTimeOffset d => d,
        System.DateTime d => new DateTimeOffset(System.DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) => d,
        _ => null,
    };

    public static DateTimeValue? ParseIso(string text, string field, ProblemSink problems)
    {
        string[] withOffset = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK"];
        string[] local = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];
        if (HasOffset(text) && DateTimeOffset.TryParseExact(text, withOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
        {
            return new DateTimeValue(dto, null);
        }
        if (System.DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            return new DateTimeValue(null, dt);
        }
        problems.Error(field, $"'{text}' is not a date and time; write it as ISO 8601, e.g. 2027-01-04T08:00 (the account's time zone) or 2027-01-04T08:00+01:00.");
        return null;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');

    public static string EdmName(object value) => value switch
    {
        string => "Edm.String",
        bool => "Edm.Boolean",
        int => "Edm.Int32",
        long => "Edm.Int64",
        double => "Edm.Double",
        DateTimeOffset or System.DateTime => "Edm.DateTime",
        Guid => "Edm.Guid",
        byte[] or BinaryData => "Edm.Binary",
        _ => value.GetType().Name,
    };
}

/// <summary>Either an instant (typed, or with offset) or a local wall-clock time to resolve in the account's zone.</summary>
internal readonly record struct DateTimeValue(DateTimeOffset? Instant, DateTime? Local);

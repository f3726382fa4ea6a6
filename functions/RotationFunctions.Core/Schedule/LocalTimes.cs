namespace RotationFunctions.Schedule;

/// <summary>Turns local wall-clock times into instants with the DST rules of DESIGN.md.</summary>
public static class LocalTimes
{
    public enum Adjustment
    {
        None,
        /// <summary>The time does not exist (spring forward): moved to the first valid instant after the gap.</summary>
        MovedForwardOutOfGap,
        /// <summary>The time occurs twice (fall back): the first occurrence was taken.</summary>
        FirstOfAmbiguous,
    }

    public static (DateTimeOffset Instant, Adjustment Adjustment) Resolve(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Walk to the gap's end minute by minute: gaps are at most a few hours and
            // this runs once per slot, so clarity wins over cleverness.
            var candidate = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(candidate))
            {
                candidate = candidate.AddMinutes(1);
            }
            return (new DateTimeOffset(candidate, zone.GetUtcOffset(candidate)), Adjustment.MovedForwardOutOfGap);
        }
        if (zone.IsAmbiguousTime(local))
        {
            // The first occurrence is the one with the larger offset (before the clocks go back).
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return (new DateTimeOffset(local, offset), Adjustment.FirstOfAmbiguous);
        }
        return (new DateTimeOffset(local, zone.GetUtcOffset(local)), Adjustment.None);
    }

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static bool TryFindIanaZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        try
        {
            var found = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            // On Linux, Windows ids are converted silently; the schedule must use IANA names.
            if (!found.HasIanaId)
            {
                return false;
            }
            zone = found;
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

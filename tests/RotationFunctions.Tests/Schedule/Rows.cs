namespace RotationFunctions.Tests.Schedule;

/// <summary>Builds table rows the way an admin writes them.</summary>
internal static class Rows
{
    public static TableEntity Account(string id = "sos", string zone = "Europe/Stockholm", string language = "sv", string? handle = "Sodersjukhuset", string? handoverTime = "08:00")
    {
        var e = new TableEntity(StorageNames.AccountPartition, id) { ["TimeZone"] = zone, ["Language"] = language };
        if (handle is not null)
        {
            e["XHandle"] = handle;
        }
        if (handoverTime is not null)
        {
            e["HandoverTime"] = handoverTime;
        }
        return e;
    }

    public static TableEntity Slot(string rowKey, string name = "Anna Svensson", string handle = "anna_sv", string role = "sjuksköterska på akuten", object? approved = null, string account = "sos") =>
        new(account, rowKey)
        {
            ["CuratorName"] = name,
            ["CuratorHandle"] = handle,
            ["Role"] = role,
            ["Approved"] = approved ?? true,
        };

    public static TableEntity With(this TableEntity e, string key, object? value)
    {
        if (value is null)
        {
            e.Remove(key);
        }
        else
        {
            e[key] = value;
        }
        return e;
    }
}

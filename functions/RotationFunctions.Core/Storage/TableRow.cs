namespace RotationFunctions.Storage;

/// <summary>The keys, timestamp and ETag every Tables row has; a typed row of ours adds its own columns.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}

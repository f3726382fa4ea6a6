using Azure;
using Azure.Data.Tables;

namespace RotationFunctions.Portal;

/// <summary>A PortalLinks row (PK account, RK slot): which generation of the slot's link is current, and whether it is revoked. No row: generation 1, open.</summary>
public sealed class PortalLinkState : ITableEntity
{
    public const int FirstGeneration = 1;

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Generation { get; set; } = FirstGeneration;
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
}

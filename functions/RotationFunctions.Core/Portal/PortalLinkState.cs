namespace RotationFunctions.Portal;

/// <summary>A PortalLinks row (PK account, RK slot): which generation of the slot's link is current, and whether it is revoked. No row: generation 1, open.</summary>
public sealed class PortalLinkState : TableRow
{
    public const int FirstGeneration = 1;

    public int Generation { get; set; } = FirstGeneration;
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
}

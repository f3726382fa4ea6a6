namespace RotationFunctions.Guard;

/// <summary>What the content guard found, and where: UTF-16 code units of the text as written, never the text itself.</summary>
public sealed record GuardFinding(GuardFindingKind Kind, int Index, int Length);

public enum GuardFindingKind
{
    Personnummer,
    Samordningsnummer,
    Phone,
    Term,
}

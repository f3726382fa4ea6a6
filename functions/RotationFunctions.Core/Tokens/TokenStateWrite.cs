namespace RotationFunctions.Tokens;

/// <summary>What a conditional write of an Accounts row's token state did.</summary>
public enum TokenStateWrite
{
    Applied,
    /// <summary>Someone recorded another token state after the rotation read it: nothing was written.</summary>
    StateChanged,
    /// <summary>The account has no row.</summary>
    RowMissing,
}

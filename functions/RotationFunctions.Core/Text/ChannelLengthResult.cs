namespace RotationFunctions.Text;

/// <summary>A post's <see cref="Length"/> as its network counts it (in <see cref="Unit"/>) against that network's <see cref="Max"/>.</summary>
public readonly record struct ChannelLengthResult(int Length, int Max, string Unit, bool IsValid);

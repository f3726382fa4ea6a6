namespace RotationFunctions.Channels.X;

/// <summary>One X API pay-per-use price in USD and where it was read.</summary>
public sealed record XPrice(string What, decimal Usd, string Unit);

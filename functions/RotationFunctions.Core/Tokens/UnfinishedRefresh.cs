namespace RotationFunctions.Tokens;

/// <summary>A refresh that began at <paramref name="StartedAt"/> in <paramref name="By"/> and never stored its result.</summary>
public sealed record UnfinishedRefresh(DateTimeOffset StartedAt, string By);

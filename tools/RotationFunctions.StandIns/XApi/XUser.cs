namespace RotationFunctions.StandIns.XApi;

/// <summary>An X user the stand-in knows.</summary>
public sealed record XUser(string Id, string Name, string Username);

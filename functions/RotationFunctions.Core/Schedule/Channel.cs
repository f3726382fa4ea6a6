namespace RotationFunctions.Schedule;

/// <summary>
/// A network an account posts on (the Accounts row's <c>Channels</c> column; X when it has none). Each handover
/// step runs once per channel and is recorded per channel (DESIGN.md "More networks").
/// </summary>
public enum Channel
{
    X,
    Bluesky,
    Mastodon,
}

namespace RotationFunctions.Notices;

/// <summary>
/// One notice as it leaves: the same for every sender (SMTP today, others later). The Message-ID is the
/// notice's own, the same on every attempt, so a mail client shows a repeated send as one message. The kind
/// travels in a header of its own (<see cref="KindHeader"/>), for admins' mail rules and the local host.
/// </summary>
public sealed record NoticeMail(
    string Kind,
    IReadOnlyList<string> To,
    string Subject,
    string Text,
    string Html,
    string Language,
    string MessageId)
{
    public const string KindHeader = "X-Rotation-Notice";
}

namespace RotationFunctions.Notices;

/// <summary>
/// One notice as it leaves: the same for every sender (SMTP today, others later). The Message-ID is the
/// notice's own, the same on every attempt, so a mail client shows a repeated send as one message.
/// </summary>
public sealed record NoticeMail(
    IReadOnlyList<string> To,
    string Subject,
    string Text,
    string Html,
    string Language,
    string MessageId);

namespace RotationFunctions.Notices;

/// <summary>A notice the relay did not take. The message names the reason, never a password or a link.</summary>
public sealed class NoticeSendException(NoticeFailureKind kind, string message, string? recipient = null, Exception? inner = null)
    : Exception(message, inner)
{
    public NoticeFailureKind Kind { get; } = kind;

    /// <summary>The address refused, for <see cref="NoticeFailureKind.RecipientRefused"/>.</summary>
    public string? Recipient { get; } = recipient;
}

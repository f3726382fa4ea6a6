using MimeKit;

namespace RotationFunctions.StandIns.Smtp;

/// <summary>
/// One message the SMTP stand-in accepted: the envelope as the client gave it (MAIL FROM, RCPT TO) and the
/// message as MimeKit parses it, so a test reads back what a mail client would show.
/// </summary>
public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";

    public string? MessageId => Message.MessageId;

    /// <summary>The text/plain part (null when there is none).</summary>
    public string? TextBody => Message.TextBody;

    /// <summary>The text/html part (null when there is none).</summary>
    public string? HtmlBody => Message.HtmlBody;

    /// <summary>The body's Content-Language (sv, en).</summary>
    public string? Language => Message.Body?.Headers[HeaderId.ContentLanguage];

    /// <summary>The To header's addresses.</summary>
    public IReadOnlyList<string> To => [.. Message.To.Mailboxes.Select(m => m.Address)];
}

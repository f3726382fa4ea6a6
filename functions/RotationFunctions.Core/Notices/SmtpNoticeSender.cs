using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace RotationFunctions.Notices;

/// <summary>
/// Sends a notice through the configured SMTP relay with MailKit: one connection per notice (notices are
/// few, and a connection kept open would meet a relay's idle timeout), text and HTML as alternatives.
/// </summary>
public sealed class SmtpNoticeSender(IOptions<NoticeOptions> options) : INoticeSender
{
    public async Task SendAsync(NoticeMail mail, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var message = ToMime(mail, o);
        using var client = new SmtpClient { Timeout = (int)o.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Smtp.Host!, o.Smtp.Port, o.Smtp.Tls, cancellationToken);
            if (!string.IsNullOrEmpty(o.Smtp.Username))
            {
                await client.AuthenticateAsync(o.Smtp.Username, o.Smtp.Password ?? "", cancellationToken);
            }
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            throw new NoticeSendException(NoticeFailureKind.RecipientRefused, $"the mail server refused the recipient ({(int)e.StatusCode} {e.Message.Trim()})", e.Mailbox?.Address, e);
        }
        catch (SmtpCommandException e)
        {
            var kind = (int)e.StatusCode >= 500 ? NoticeFailureKind.Permanent : NoticeFailureKind.Transient;
            throw new NoticeSendException(kind, $"the mail server answered {(int)e.StatusCode} ({e.Message.Trim()})", inner: e);
        }
        catch (AuthenticationException e)
        {
            // The message names the mechanism, never the password.
            throw new NoticeSendException(NoticeFailureKind.Permanent, "the mail server refused Notices:Smtp:Username and Password", inner: e);
        }
        catch (SslHandshakeException e)
        {
            throw new NoticeSendException(NoticeFailureKind.Permanent, $"TLS with the mail server failed (Notices:Smtp:Tls is {o.Smtp.Tls})", inner: e);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
                                     || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new NoticeSendException(NoticeFailureKind.Transient, $"the mail server {o.Smtp.Host}:{o.Smtp.Port} could not be reached ({e.GetType().Name}: {e.Message})", inner: e);
        }
    }

    internal static MimeMessage ToMime(NoticeMail mail, NoticeOptions options)
    {
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            MessageId = mail.MessageId,
            Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(options.FromName, options.From!));
        message.To.AddRange(mail.To.Select(a => MailboxAddress.Parse(a)));
        // A MIME header, so it goes on the body: mail clients pick the spelling checker and the reader's voice by it.
        message.Body.Headers.Add(HeaderId.ContentLanguage, mail.Language);
        // Automatic mail: an out-of-office reply to it goes nowhere useful (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add(NoticeMail.KindHeader, mail.Kind);
        return message;
    }
}

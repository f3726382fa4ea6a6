using System.Net.Sockets;
using Azure.Core;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace RotationFunctions.Notices;

/// <summary>
/// Sends a notice through the configured SMTP relay with MailKit: one connection per notice (notices are
/// few, and a connection kept open would meet a relay's idle timeout), text and HTML as alternatives. With
/// Notices:Smtp:OAuth2 it logs in with XOAUTH2 and a token of the app's credential (Exchange Online).
/// </summary>
public sealed class SmtpNoticeSender(IOptions<NoticeOptions> options, TokenCredential? credential = null) : INoticeSender
{
    public async Task SendAsync(NoticeMail mail, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var message = ToMime(mail, o);
        using var client = new SmtpClient { Timeout = (int)o.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Smtp.Host!, o.Smtp.Port, o.Smtp.Tls, cancellationToken);
            if (o.Smtp.OAuth2)
            {
                await client.AuthenticateAsync(await OAuth2Async(o.Smtp, cancellationToken), cancellationToken);
            }
            else if (!string.IsNullOrEmpty(o.Smtp.Username))
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
            // The message names the mechanism, never the password or the token.
            throw new NoticeSendException(NoticeFailureKind.Permanent, o.Smtp.OAuth2
                ? $"the mail server refused XOAUTH2 for Notices:Smtp:Username {o.Smtp.Username} (the managed identity needs SMTP.SendAsApp and access to that mailbox)"
                : "the mail server refused Notices:Smtp:Username and Password", inner: e);
        }
        catch (NotSupportedException e) when (o.Smtp.OAuth2)
        {
            throw new NoticeSendException(NoticeFailureKind.Permanent, $"the mail server {o.Smtp.Host} offers no authentication, so XOAUTH2 (Notices:Smtp:OAuth2) cannot be used", inner: e);
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

    /// <summary>
    /// The XOAUTH2 login: "user={mailbox}^Aauth=Bearer {token}^A^A", base64 (MailKit's SaslMechanismOAuth2), with a
    /// token for <see cref="SmtpOptions.ExchangeOnlineScope"/> from the app's credential. Entra unreachable is an outage
    /// (retried in the notice's window), never a message with the token.
    /// </summary>
    internal async Task<SaslMechanismOAuth2> OAuth2Async(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        var source = credential ?? throw new InvalidOperationException("Notices:Smtp:OAuth2 needs the app's TokenCredential (AddNotices registers it).");
        try
        {
            var token = await source.GetTokenAsync(new TokenRequestContext([SmtpOptions.ExchangeOnlineScope]), cancellationToken);
            return new SaslMechanismOAuth2(smtp.Username!, token.Token);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            throw new NoticeSendException(NoticeFailureKind.Transient, "no Entra token for the mail server (the app's managed identity, audience https://outlook.office365.com)", inner: e);
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

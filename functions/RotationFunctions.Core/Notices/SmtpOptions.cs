using MailKit.Security;

namespace RotationFunctions.Notices;

/// <summary>The relay notices go through (section Notices:Smtp). Checked by <see cref="NoticeOptions"/> when the sender is Smtp.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>StartTls by default, as relays on 587 expect; None only for a relay on this machine.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The mailbox that sends (e.g. rotation@sodersjukhuset.se): the SMTP login, and with <see cref="OAuth2"/> the XOAUTH2 user.</summary>
    public string? Username { get; set; }

    /// <summary>
    /// Authenticate with XOAUTH2 as <see cref="Username"/>, with an Entra token of the app's credential (the managed
    /// identity) for <see cref="ExchangeOnlineScope"/>, no password: Exchange Online's SMTP AUTH with OAuth, as its
    /// Basic auth is being switched off. The identity needs an Exchange service principal with SMTP.SendAsApp and
    /// mailbox permission (learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth).
    /// </summary>
    public bool OAuth2 { get; set; }

    /// <summary>A secret: set it from Key Vault (a Key Vault reference in the app setting), never in a file; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The token audience for SMTP AUTH on Exchange Online with client credentials (the doc above, "https://outlook.office365.com/.default").</summary>
    public const string ExchangeOnlineScope = "https://outlook.office365.com/.default";

    /// <summary>How long one connection, command or transfer may take before the attempt counts as an outage.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

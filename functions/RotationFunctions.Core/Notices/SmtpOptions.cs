using MailKit.Security;

namespace RotationFunctions.Notices;

/// <summary>The relay notices go through (section Notices:Smtp). Checked by <see cref="NoticeOptions"/> when the sender is Smtp.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>StartTls by default, as relays on 587 expect; None only for a relay on this machine.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.StartTls;

    public string? Username { get; set; }

    /// <summary>A secret: set it from Key Vault (a Key Vault reference in the app setting), never in a file; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>How long one connection, command or transfer may take before the attempt counts as an outage.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

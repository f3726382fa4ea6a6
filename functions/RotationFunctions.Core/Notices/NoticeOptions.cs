using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>Notices to curators and admins, configuration section "Notices".</summary>
public sealed class NoticeOptions : IValidatableObject
{
    public const string Section = "Notices";

    /// <summary>
    /// How notices leave: None (nothing is planned or sent: a deployment without a mail relay), Acs (Azure
    /// Communication Services Email, the production default) or Smtp.
    /// </summary>
    public NoticeSenderKind Sender { get; set; } = NoticeSenderKind.None;

    /// <summary>The From address, e.g. rotation@sodersjukhuset.se; its domain also names every Message-ID.</summary>
    public string? From { get; set; }

    /// <summary>The From display name.</summary>
    public string FromName { get; set; } = "Rotation";

    public SmtpOptions Smtp { get; set; } = new();

    public AcsEmailOptions Acs { get; set; } = new();

    /// <summary>The admins' optional Teams Workflows webhook per account (a Key Vault secret each).</summary>
    public Teams.TeamsWebhookOptions Teams { get; set; } = new();

    /// <summary>How far ahead a planner tick looks at the schedule for notices: the invitation goes 7 days before a slot.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "14.00:00:00")]
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(8);

    /// <summary>A notice another worker began sending this recently is left to it; after this, it counts as crashed and is sent again.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SendClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First wait after a relay outage; it doubles per attempt up to <see cref="MaxRetryDelay"/>, within the notice's window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    public bool Enabled => Sender != NoticeSenderKind.None;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(From) || !ScheduleFields.IsEmail(From))
        {
            yield return new ValidationResult($"Notices:From must be one plain e-mail address (e.g. rotation@sodersjukhuset.se) when Notices:Sender is {Sender}.", [nameof(From)]);
        }
        if (Sender == NoticeSenderKind.Smtp)
        {
            if (string.IsNullOrWhiteSpace(Smtp.Host))
            {
                yield return new ValidationResult("Notices:Smtp:Host must name the mail relay (e.g. smtp.office365.com) when Notices:Sender is Smtp.", ["Smtp.Host"]);
            }
            if (Smtp.Port is < 1 or > 65535)
            {
                yield return new ValidationResult($"Notices:Smtp:Port must be between 1 and 65535; it is {Smtp.Port}.", ["Smtp.Port"]);
            }
            if (!Enum.IsDefined(Smtp.Tls))
            {
                yield return new ValidationResult("Notices:Smtp:Tls must be one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable.", ["Smtp.Tls"]);
            }
            if (Smtp.OAuth2 && (string.IsNullOrEmpty(Smtp.Username) || !string.IsNullOrEmpty(Smtp.Password)))
            {
                // Says which is wrong, never what the password is.
                yield return new ValidationResult("Notices:Smtp:OAuth2 needs Notices:Smtp:Username (the sending mailbox) and no Notices:Smtp:Password: the token comes from the app's managed identity.", ["Smtp.OAuth2"]);
            }
            else if (!Smtp.OAuth2 && string.IsNullOrEmpty(Smtp.Username) != string.IsNullOrEmpty(Smtp.Password))
            {
                // Says which is missing, never what the other one is.
                yield return new ValidationResult("Notices:Smtp:Username and Notices:Smtp:Password go together: set both or neither.", ["Smtp.Username"]);
            }
        }
        if (Sender == NoticeSenderKind.Acs && Acs.Endpoint is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            yield return new ValidationResult("Notices:Acs:Endpoint must be the Communication Services resource's https endpoint (e.g. https://acs-rotation.europe.communication.azure.com/) when Notices:Sender is Acs.", ["Acs.Endpoint"]);
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(Teams.SecretPrefix ?? "", "^[0-9A-Za-z-]{1,60}$"))
        {
            yield return new ValidationResult("Notices:Teams:SecretPrefix must be 1 to 60 letters, digits or '-' (a Key Vault secret name's start, e.g. teams-webhook-).", ["Teams.SecretPrefix"]);
        }
        if (Teams.Timeout < TimeSpan.FromSeconds(1) || Teams.Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Notices:Teams:Timeout must be between 00:00:01 and 00:05:00.", ["Teams.Timeout"]);
        }
        if (MaxRetryDelay < RetryDelay)
        {
            yield return new ValidationResult("Notices:MaxRetryDelay must not be shorter than Notices:RetryDelay.", [nameof(MaxRetryDelay)]);
        }
    }
}

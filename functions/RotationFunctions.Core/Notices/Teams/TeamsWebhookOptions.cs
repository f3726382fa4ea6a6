namespace RotationFunctions.Notices.Teams;

/// <summary>
/// The admins' optional Teams Workflows webhook (section Notices:Teams). The webhook URL is a credential: it is the
/// Key Vault secret <see cref="SecretPrefix"/> + account id, never a setting. Checked by <see cref="NoticeOptions"/>.
/// </summary>
public sealed class TeamsWebhookOptions
{
    /// <summary>Key Vault secret of an account's webhook URL: prefix + account id. An account without it has no Teams channel.</summary>
    public string SecretPrefix { get; set; } = "teams-webhook-";

    /// <summary>How long one post may take before the attempt counts as an outage.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

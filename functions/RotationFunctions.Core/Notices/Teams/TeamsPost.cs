namespace RotationFunctions.Notices.Teams;

/// <summary>What became of a card for an account's Teams webhook (a busy or unreachable webhook throws a transient <see cref="NoticeSendException"/> instead).</summary>
public enum TeamsPost
{
    /// <summary>The webhook took the card (202).</summary>
    Posted,

    /// <summary>The account has no webhook secret: nothing to do.</summary>
    NoWebhook,

    /// <summary>The webhook refused the card (a 4xx other than 408/429: a deleted workflow, a bad signature) or its secret is no URL; reported once, not retried.</summary>
    Refused,
}

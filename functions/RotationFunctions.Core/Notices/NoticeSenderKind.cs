namespace RotationFunctions.Notices;

/// <summary>How notices leave the app (Notices:Sender).</summary>
public enum NoticeSenderKind
{
    /// <summary>No sender: notices are neither planned nor sent.</summary>
    None,

    /// <summary>E-mail through an SMTP relay (MailKit).</summary>
    Smtp,

    /// <summary>Azure Communication Services Email over REST with the app's managed identity: the production default.</summary>
    Acs,
}

namespace RotationFunctions.Notices;

public enum NoticeFailureKind
{
    /// <summary>The relay is down, slow or busy (a connection that failed, a 4xx): the same mail may go later.</summary>
    Transient,

    /// <summary>The relay refused a recipient (5xx at RCPT TO): the address is wrong; sending again will not help.</summary>
    RecipientRefused,

    /// <summary>Any other refusal (5xx, TLS or authentication failed): the settings or the mail must change.</summary>
    Permanent,
}

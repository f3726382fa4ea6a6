namespace RotationFunctions.Notices;

/// <summary>Hands a notice to a mail service. Throws <see cref="NoticeSendException"/> saying whether trying again may help.</summary>
public interface INoticeSender
{
    Task SendAsync(NoticeMail mail, CancellationToken cancellationToken);
}

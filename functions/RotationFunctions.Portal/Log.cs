namespace RotationFunctions.Portal.Web;

/// <summary>The pages' events: paths and reasons, never a link, token, cookie or text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5101, EventName = "PortalRequestRefused", Level = LogLevel.Information, Message = "Portal {Method} {Page} refused: {Reason}")]
    public static partial void Refused(this ILogger logger, string method, string page, string reason);

    [LoggerMessage(EventId = 5102, EventName = "PortalRequestFailed", Level = LogLevel.Error, Message = "Portal {Method} {Page} failed")]
    public static partial void Failed(this ILogger logger, Exception exception, string method, string page);
}

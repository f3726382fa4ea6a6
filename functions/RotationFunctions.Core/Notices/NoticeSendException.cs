using System.Net.Http.Headers;

namespace RotationFunctions.Notices;

/// <summary>A notice the relay did not take. The message names the reason, never a password or a link.</summary>
public sealed class NoticeSendException(NoticeFailureKind kind, string message, string? recipient = null, Exception? inner = null)
    : Exception(message, inner)
{
    public NoticeFailureKind Kind { get; } = kind;

    /// <summary>The address refused, for <see cref="NoticeFailureKind.RecipientRefused"/>.</summary>
    public string? Recipient { get; } = recipient;

    /// <summary>How long the service asked to be left alone (a 429's or 503's Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A Retry-After as seconds, or as a date measured from the answer's own Date (RFC 9110 10.2.3); null when absent.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseHeaders headers) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when headers.Date is { } sent => date > sent ? date - sent : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The wait before the next attempt: the back-off, or longer when the service asked for longer.</summary>
    public static TimeSpan Longer(TimeSpan backoff, TimeSpan? retryAfter) => retryAfter > backoff ? retryAfter.Value : backoff;
}

using RotationFunctions.Schedule;

namespace RotationFunctions.Channels.X;

/// <summary>
/// An X API failure, or another channel's (<see cref="Channel"/>): the kinds mean the same on each network. The
/// message never contains tokens or secrets.
/// </summary>
public sealed class XApiException(XErrorKind kind, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public XErrorKind Kind { get; } = kind;

    /// <summary>The network that failed: X unless a Bluesky or Mastodon client says otherwise.</summary>
    public Channel Channel { get; init; } = Channel.X;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public bool IsRetryable => Kind is XErrorKind.Transient or XErrorKind.RateLimited or XErrorKind.TokenUnavailable;

    /// <summary>The HTTP status X answered, or null when no answer came (timeout, connection failure).</summary>
    public int? StatusCode { get; init; }

    /// <summary>X's 403 "duplicate content": the same text was already posted.</summary>
    public bool IsDuplicateContent { get; init; }

    /// <summary>For a 429: when the window that was hit resets (x-rate-limit-reset, or a 24-hour cap's reset).</summary>
    public DateTimeOffset? RateLimitReset { get; init; }
}

using RotationFunctions.Channels.X;

namespace RotationFunctions.Handover;

/// <summary>
/// When a channel that is down, rate-limited, unpaid or without a usable token is asked again, and how the row says
/// why: until the network's own reset for a rate limit, else a back-off that grows with the time since the boundary
/// (30 s, then about half the time passed, at most 10 min).
/// </summary>
internal static class ChannelWait
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    /// <summary>Failures that waiting cures; the queue's quick retries would not.</summary>
    public static bool Applies(XApiException e) =>
        e.Kind is XErrorKind.RateLimited or XErrorKind.Transient or XErrorKind.CreditsExhausted or XErrorKind.TokenUnavailable;

    public static (TimeSpan Wait, string Cause) Of(XApiException e, TimeSpan sinceBoundary)
    {
        var wait = e.Kind == XErrorKind.RateLimited && e.RetryAfter is { } after && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromTicks(Math.Clamp(sinceBoundary.Ticks / 2, MinBackoff.Ticks, MaxBackoff.Ticks));
        var network = e.Channel.ToString();
        var cause = e.Kind switch
        {
            XErrorKind.CreditsExhausted => $"refused by {network}: the developer account's credits ran out (402)",
            XErrorKind.RateLimited => $"rate-limited by {network}" + (e.RateLimitReset is { } reset && wait > TimeSpan.FromMinutes(15) ? $" until {reset:O}" : ""),
            // Nothing reached X: the token rotation says what stopped it (often Key Vault), and that is what to fix.
            XErrorKind.TokenUnavailable => $"without a usable {network} token ({e.Message.TrimEnd('.')})",
            _ => $"not answered by {network}" + (e.StatusCode is { } status ? $" ({status.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : " (no answer)"),
        };
        return (wait, cause);
    }
}

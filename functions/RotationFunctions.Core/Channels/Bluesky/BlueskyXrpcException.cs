namespace RotationFunctions.Channels.Bluesky;

/// <summary>An XRPC error answer ({"error": name, "message": ...}, atproto.com/specs/xrpc), or no answer (<see cref="Status"/> null).</summary>
public sealed class BlueskyXrpcException(int? status, string error, string message, DateTimeOffset? rateLimitReset = null, Exception? inner = null)
    : Exception($"Bluesky answered {(status is { } s ? s.ToString(CultureInfo.InvariantCulture) : "nothing")}: {error}: {message}", inner)
{
    public int? Status { get; } = status;
    public string Error { get; } = error;
    public DateTimeOffset? RateLimitReset { get; } = rateLimitReset;

    /// <summary>The access token has expired (400 ExpiredToken): refresh the session and try again.</summary>
    public bool IsExpiredToken => Error == "ExpiredToken";
}

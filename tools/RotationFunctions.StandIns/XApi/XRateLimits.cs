using System.Globalization;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// X's per-user, per-endpoint rate limits: fixed windows that start with a user's first request,
/// POST /2/tweets with its own (tier-dependent) cap, and the x-rate-limit-* headers.
/// </summary>
internal sealed class XRateLimits(TimeProvider time, XApiStandInOptions options)
{
    public const string PostEndpoint = "POST /2/tweets";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Endpoint, string UserId), Window> _windows = [];

    /// <summary>Counts a request (every one counts, refused ones too) and answers X's headers and whether it is over the limit.</summary>
    public (Dictionary<string, string> Headers, bool Exceeded) Count(string endpoint, string userId)
    {
        var limit = endpoint == PostEndpoint ? options.PostLimit : options.OtherLimit;
        var length = endpoint == PostEndpoint ? options.PostWindow : options.OtherWindow;
        var now = time.GetUtcNow();
        Window window;
        lock (_gate)
        {
            if (!_windows.TryGetValue((endpoint, userId), out window) || now >= window.ResetsAt)
            {
                window = new Window(now + length, 0);
            }
            _windows[(endpoint, userId)] = window = window with { Used = window.Used + 1 };
        }
        var headers = new Dictionary<string, string>
        {
            ["x-rate-limit-limit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["x-rate-limit-remaining"] = Math.Max(0, limit - window.Used).ToString(CultureInfo.InvariantCulture),
            ["x-rate-limit-reset"] = window.ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        return (headers, window.Used > limit);
    }

    private readonly record struct Window(DateTimeOffset ResetsAt, int Used);
}

using System.Globalization;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// X's per-user, per-endpoint rate limits: fixed windows that start with the first request they count,
/// POST /2/tweets with its own (tier-dependent) cap, and the x-rate-limit-* headers. POST /2/tweets can also
/// have 24-hour caps per user and per app, answered with x-user-limit-24hour-* or x-app-limit-24hour-*.
/// </summary>
/// <remarks>
/// The 24-hour header names and their reset in Unix seconds are what clients of X read on a 429 (e.g. the
/// x-api-sdk-ts package's rate-limit.js, app.unpkg.com/x-api-sdk-ts@2.0.5/files/dist/utils/rate-limit.js).
/// Where X does not say, worst case modelled: the 24-hour headers come only with the 429 of the cap that was
/// hit (a client on pay-per-use recorded a successful post without them), so a client cannot see the cap
/// coming; the x-rate-limit-* headers on that 429 still describe the 15-minute window, whose reset is not
/// when posting works again; every request counts in every window, refused ones too; and the app cap is one
/// for the whole stand-in, whichever OAuth client asks.
/// </remarks>
internal sealed class XRateLimits(TimeProvider time, XApiStandInOptions options)
{
    public const string PostEndpoint = "POST /2/tweets";

    private const string UserDay = "POST /2/tweets, user, 24 hours";
    private const string AppDay = "POST /2/tweets, app, 24 hours";
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Endpoint, string UserId), Window> _windows = [];

    /// <summary>Counts a request (every one counts, refused ones too) and answers X's headers and whether it is over a limit.</summary>
    public (Dictionary<string, string> Headers, bool Exceeded) Count(string endpoint, string userId)
    {
        var post = endpoint == PostEndpoint;
        var limit = post ? options.PostLimit : options.OtherLimit;
        var now = time.GetUtcNow();
        var headers = new Dictionary<string, string>();
        lock (_gate)
        {
            var window = Use(endpoint, userId, post ? options.PostWindow : options.OtherWindow, now);
            AddHeaders(headers, "x-rate-limit", limit, window);
            var exceeded = window.Used > limit;
            if (post)
            {
                // Non-short-circuiting: a post counts against both caps.
                exceeded |= Cap(headers, "x-user-limit-24hour", options.UserPostLimit24Hours, UserDay, userId, now);
                exceeded |= Cap(headers, "x-app-limit-24hour", options.AppPostLimit24Hours, AppDay, "", now);
            }
            return (headers, exceeded);
        }
    }

    /// <summary>Counts a post against a 24-hour cap; when it is over, adds that cap's headers. Under the lock.</summary>
    private bool Cap(Dictionary<string, string> headers, string prefix, int? limit, string key, string userId, DateTimeOffset now)
    {
        if (limit is not { } max)
        {
            return false;
        }
        var window = Use(key, userId, Day, now);
        if (window.Used <= max)
        {
            return false;
        }
        AddHeaders(headers, prefix, max, window);
        return true;
    }

    /// <summary>Counts one request in a window, starting a new window when there is none or it has ended. Under the lock.</summary>
    private Window Use(string key, string userId, TimeSpan length, DateTimeOffset now)
    {
        if (!_windows.TryGetValue((key, userId), out var window) || now >= window.ResetsAt)
        {
            window = new Window(now + length, 0);
        }
        return _windows[(key, userId)] = window with { Used = window.Used + 1 };
    }

    private static void AddHeaders(Dictionary<string, string> headers, string prefix, int limit, Window window)
    {
        headers[$"{prefix}-limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers[$"{prefix}-remaining"] = Math.Max(0, limit - window.Used).ToString(CultureInfo.InvariantCulture);
        headers[$"{prefix}-reset"] = window.ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private readonly record struct Window(DateTimeOffset ResetsAt, int Used);
}

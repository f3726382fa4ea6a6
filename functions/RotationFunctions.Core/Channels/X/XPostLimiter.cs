namespace RotationFunctions.Channels.X;

/// <summary>
/// The configured post limit (<see cref="XOptions.PostLimit"/> per <see cref="XOptions.PostLimitWindow"/>)
/// per account in this process: a guard against a runaway loop, not a replacement for X's 429.
/// </summary>
public sealed class XPostLimiter(IOptions<XOptions> options, TimeProvider timeProvider)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _posts = new(StringComparer.Ordinal);

    /// <exception cref="XApiException">RateLimited: the limit is reached; RetryAfter says when a slot frees.</exception>
    public void Reserve(string accountId)
    {
        var o = options.Value;
        var now = timeProvider.GetUtcNow();
        lock (_posts)
        {
            if (!_posts.TryGetValue(accountId, out var times))
            {
                _posts[accountId] = times = new Queue<DateTimeOffset>();
            }
            while (times.Count > 0 && times.Peek() <= now - o.PostLimitWindow)
            {
                times.Dequeue();
            }
            if (times.Count >= o.PostLimit)
            {
                var retryAfter = times.Peek() + o.PostLimitWindow - now;
                throw new XApiException(XErrorKind.RateLimited,
                    $"Account {accountId} reached the configured post limit ({o.PostLimit} per {o.PostLimitWindow}, setting X:PostLimit).", retryAfter);
            }
            times.Enqueue(now);
        }
    }
}

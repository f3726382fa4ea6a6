using RotationFunctions.Channels.Bluesky;

namespace RotationFunctions.App.Tokens;

/// <summary>
/// Timer: refreshes every account whose X access token expires soon, single-flight per account, then any Bluesky
/// session unused for weeks (its refresh token would die at 90 days).
/// </summary>
public sealed class RotateTokens(TokenRotationService rotation, BlueskyKeepAlive bluesky)
{
    [Function(nameof(RotateTokens))]
    public async Task Run([TimerTrigger("%RotateTokensSchedule%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        await rotation.RotateDueAsync(cancellationToken);
        await bluesky.KeepAliveAsync(cancellationToken);
    }
}

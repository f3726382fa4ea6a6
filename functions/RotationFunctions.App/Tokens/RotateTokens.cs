namespace RotationFunctions.App.Tokens;

/// <summary>Timer: refreshes every account whose X access token expires soon, single-flight per account.</summary>
public sealed class RotateTokens(TokenRotationService rotation)
{
    [Function(nameof(RotateTokens))]
    public Task Run([TimerTrigger("%RotateTokensSchedule%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken) =>
        rotation.RotateDueAsync(cancellationToken);
}

using System.Globalization;

namespace RotationFunctions.Chaos;

/// <summary>What should happen at one boundary, judged from one version of the schedule.</summary>
public sealed record ExpectedBoundary(
    string AccountId,
    DateTimeOffset At,
    bool Held,
    string? OutroText,
    bool OutroBlocked,
    string? IntroText,
    bool IntroBlocked,
    string? OutgoingRowKey = null,
    string? IncomingRowKey = null,
    bool IntroAwaitsAcceptance = false)
{
    /// <summary>
    /// What the intro's row should end as when it is not posted: a curator who only lacks an acceptance (chaos's
    /// curators never accept in the portal) is waited for, then skipped; anything else is blocked at once.
    /// </summary>
    public string IntroNotPostedStatus => IntroAwaitsAcceptance ? RotationFunctions.Handover.StepStatus.Skipped : RotationFunctions.Handover.StepStatus.Blocked;

    public string Key => At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    public string Id => $"{AccountId}/{Key}";

    /// <summary>The tweets that must be on X, in order.</summary>
    public IEnumerable<(string Step, string Text)> Posts()
    {
        if (Held)
        {
            yield break;
        }
        if (OutroText is not null && !OutroBlocked)
        {
            yield return ("outro", OutroText);
        }
        if (IntroText is not null && !IntroBlocked)
        {
            yield return ("intro", IntroText);
        }
    }

    /// <summary>The step's text when this version posts it, else null.</summary>
    public string? Posted(string step) => Posts().FirstOrDefault(p => p.Step == step).Text;

    public bool Reportable => Held || OutroBlocked || IntroBlocked;
}

using System.Collections.Frozen;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;

namespace RotationFunctions.App.Monitoring;

/// <summary>
/// The telemetry alerts are built on, which sampling must never drop: every log of our own categories
/// at Warning and above (missed, held, blocked, rejected and failed handovers, schedule problems, a
/// broken token chain), and the few Information events whose absence or arrival an alert watches.
/// </summary>
public static class AlertEvents
{
    /// <summary>Our log categories: the core's and the app's classes (RotationFunctions.Handover.HandoverProcessor, …).</summary>
    public const string CategoryPrefix = "RotationFunctions.";

    /// <summary>The properties the Application Insights logger gives a trace (besides the message's own placeholders).</summary>
    public const string CategoryNameProperty = "CategoryName";
    public const string EventNameProperty = "EventName";

    /// <summary>The dimensions alerts split by. A handover's id is "{AccountId}/{boundary}".</summary>
    public const string AccountIdProperty = "AccountId";
    public const string HandoverIdProperty = "HandoverId";

    /// <summary>Information events kept whole: the timers' heartbeats, and the end of a schedule problem.</summary>
    public static readonly FrozenSet<string> KeptInformation = FrozenSet.Create(StringComparer.Ordinal,
        "PlannerRunFinished", "TokenRotationRunFinished", "ScheduleProblemCleared");

    public static bool IsAlertEvent(ITelemetry telemetry, IDictionary<string, string> properties)
    {
        if (!properties.TryGetValue(CategoryNameProperty, out var category) || !category.StartsWith(CategoryPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var severity = telemetry switch
        {
            TraceTelemetry trace => trace.SeverityLevel,
            ExceptionTelemetry exception => exception.SeverityLevel,
            _ => null,
        };
        return severity >= SeverityLevel.Warning ||
               (properties.TryGetValue(EventNameProperty, out var name) && KeptInformation.Contains(name));
    }
}

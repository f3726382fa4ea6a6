using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace RotationFunctions.App.Monitoring;

/// <summary>
/// Runs on every item before the processors (adaptive sampling among them). An alert event
/// (<see cref="AlertEvents"/>) gets an AccountId when it names only a handover, and is marked as
/// already sampled at 100 %: the SDK's sampling processors pass an item whose sampling percentage is
/// set and count it as one, so the one Critical trace in a burst of thousands is never dropped,
/// while ordinary traces are sampled as before.
/// </summary>
internal sealed class AlertEventTelemetryInitializer : ITelemetryInitializer
{
    public void Initialize(ITelemetry telemetry)
    {
        if (telemetry is not (ISupportProperties { Properties: var properties } and ISupportSampling sampling) ||
            !AlertEvents.IsAlertEvent(telemetry, properties))
        {
            return;
        }
        if (!properties.ContainsKey(AlertEvents.AccountIdProperty) &&
            properties.TryGetValue(AlertEvents.HandoverIdProperty, out var handoverId) && handoverId.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash)
        {
            properties[AlertEvents.AccountIdProperty] = handoverId[..slash];
        }
        sampling.SamplingPercentage = 100;
    }
}

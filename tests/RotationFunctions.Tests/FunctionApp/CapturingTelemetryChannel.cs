using System.Collections.Concurrent;
using Microsoft.ApplicationInsights.Channel;

namespace RotationFunctions.Tests.FunctionApp;

/// <summary>
/// An in-memory telemetry channel: whatever the processor chain (sampling included) lets through to
/// the end ends up here instead of on its way to Application Insights.
/// </summary>
internal sealed class CapturingTelemetryChannel : ITelemetryChannel
{
    private readonly ConcurrentQueue<ITelemetry> _sent = new();

    public IReadOnlyCollection<ITelemetry> Sent => _sent;

    public bool? DeveloperMode { get; set; }

    public string EndpointAddress { get; set; } = "";

    public void Send(ITelemetry item) => _sent.Enqueue(item);

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}

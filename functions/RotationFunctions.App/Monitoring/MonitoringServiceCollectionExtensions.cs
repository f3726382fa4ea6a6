using Microsoft.ApplicationInsights.Extensibility;

namespace RotationFunctions.App.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>The logger provider the Application Insights SDK registers; its default rule keeps Warning and above only.</summary>
    public const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Sends the worker's own logs to Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING) with
    /// their structured fields, instead of relaying them through the host. The SDK's default rule would
    /// drop everything below Warning, which is where "planned", "posted" and "rotated" are logged, so it
    /// is removed and the worker's Logging__LogLevel settings decide (Information by default). HttpClient's
    /// two lines per request stay out below Warning: they are the bulk of the volume and say nothing ops need.
    /// The SDK's adaptive sampling (5 items a second) stays on for ordinary traces; the events alerts
    /// query (<see cref="AlertEvents"/>: Warning and above from our categories, and the timers' heartbeats)
    /// are kept out of it and carry an AccountId (<see cref="AlertEventTelemetryInitializer"/>).
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddSingleton<ITelemetryInitializer, AlertEventTelemetryInitializer>();
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsLoggerProvider);
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
            options.Rules.Add(new LoggerFilterRule(ApplicationInsightsLoggerProvider, "System.Net.Http.HttpClient", LogLevel.Warning, null));
        });
        return services;
    }
}

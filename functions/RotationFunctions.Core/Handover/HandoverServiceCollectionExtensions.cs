using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

public static class HandoverServiceCollectionExtensions
{
    /// <summary>Planner, processor and schedule checks (the queue trigger emulation is in tools/RotationFunctions.Hosting). Needs storage clients and an ITweetPublisher.</summary>
    public static IServiceCollection AddHandovers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSchedule(configuration);
        services.AddValidatedOptions<HandoverOptions>(configuration.GetSection(HandoverOptions.Section))
            .Configure(o => o.MaxDequeueCount = QueueTriggerSettings.MaxDequeueCount(configuration) ?? 0);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HandoverStore>();
        services.TryAddSingleton<ScheduleProblemReports>();
        services.TryAddSingleton<HandoverPlanner>();
        services.TryAddSingleton<CuratorAccessStep>();
        services.TryAddSingleton<HandoverProcessor>();
        services.TryAddSingleton<HandoverHistory>();
        services.TryAddSingleton<HandoverChecks>();
        return services;
    }
}

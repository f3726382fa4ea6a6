using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RotationFunctions.Handover;

public static class HandoverServiceCollectionExtensions
{
    /// <summary>Planner, processor and queue worker. Needs AddSchedule, storage clients and an ITweetPublisher.</summary>
    public static IServiceCollection AddHandovers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HandoverOptions>()
            .Bind(configuration.GetSection(HandoverOptions.Section))
            .Configure(o =>
            {
                // The Function App names its queue in one app setting, shared with the trigger's %HandoverQueueName%.
                if (configuration[AppSettingNames.HandoverQueueName] is { Length: > 0 } queue)
                {
                    o.QueueName = queue;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HandoverStore>();
        services.TryAddSingleton<HandoverPlanner>();
        services.TryAddSingleton<HandoverProcessor>();
        services.TryAddSingleton<HandoverQueueWorker>();
        return services;
    }
}

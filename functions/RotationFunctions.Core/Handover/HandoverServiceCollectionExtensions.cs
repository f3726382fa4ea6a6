using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RotationFunctions.Storage;

namespace RotationFunctions.Handover;

public static class HandoverServiceCollectionExtensions
{
    /// <summary>Planner and processor (the queue trigger emulation is in tools/RotationFunctions.Hosting). Needs AddSchedule, storage clients and an ITweetPublisher.</summary>
    public static IServiceCollection AddHandovers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageNames(configuration);
        services.AddOptions<HandoverOptions>()
            .Bind(configuration.GetSection(HandoverOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HandoverStore>();
        services.TryAddSingleton<HandoverPlanner>();
        services.TryAddSingleton<HandoverProcessor>();
        return services;
    }
}

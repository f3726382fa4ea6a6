using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RotationFunctions.Storage;

namespace RotationFunctions.Schedule;

public static class ScheduleServiceCollectionExtensions
{
    public static IServiceCollection AddSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageNames(configuration);
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduleValidator>();
        services.TryAddSingleton<ScheduleStore>();
        return services;
    }
}

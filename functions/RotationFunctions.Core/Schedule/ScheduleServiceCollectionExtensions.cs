using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RotationFunctions.Storage;

namespace RotationFunctions.Schedule;

public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// The Accounts and Schedule readers and the validator. Every feature that reads an account calls
    /// this (token rotation too), so the second call does nothing.
    /// </summary>
    public static IServiceCollection AddSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ScheduleMarker)))
        {
            return services;
        }
        services.AddSingleton<ScheduleMarker>();
        services.AddStorageNames(configuration);
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduleValidator>();
        services.TryAddSingleton<AccountsTable>();
        services.TryAddSingleton<ScheduleTable>();
        return services;
    }

    private sealed class ScheduleMarker;
}

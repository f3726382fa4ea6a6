namespace RotationFunctions.Schedule;

public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// The Accounts and Schedule readers and the validator. Every feature that reads an account calls
    /// this (token rotation too), so the second call does nothing.
    /// </summary>
    public static IServiceCollection AddSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryMark<ScheduleMarker>())
        {
            return services;
        }
        services.AddStorageNames(configuration);
        services.AddValidatedOptions<ScheduleOptions>(configuration.GetSection(ScheduleOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduleValidator>();
        services.TryAddSingleton<AccountsTable>();
        services.TryAddSingleton<ScheduleTable>();
        return services;
    }

    private sealed class ScheduleMarker;
}

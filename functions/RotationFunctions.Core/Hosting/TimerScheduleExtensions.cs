namespace RotationFunctions.Hosting;

public static class TimerScheduleExtensions
{
    public static IServiceCollection AddTimerSchedules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TimerScheduleOptions>(configuration);
        return services;
    }
}

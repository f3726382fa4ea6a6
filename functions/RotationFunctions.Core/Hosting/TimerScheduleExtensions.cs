using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RotationFunctions.Hosting;

public static class TimerScheduleExtensions
{
    public static IServiceCollection AddTimerSchedules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TimerScheduleOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

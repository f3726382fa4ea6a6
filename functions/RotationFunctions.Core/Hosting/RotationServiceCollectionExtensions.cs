using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Channels.Mastodon;
using RotationFunctions.Channels.X;
using RotationFunctions.Handover;
using RotationFunctions.Health;
using RotationFunctions.Notices;
using RotationFunctions.Portal;
using RotationFunctions.Schedule;
using RotationFunctions.Tokens;

namespace RotationFunctions.Hosting;

public static class RotationServiceCollectionExtensions
{
    /// <summary>
    /// Every feature of the pipeline, one AddXxx each. The Function App and the local host both call
    /// this, so they run the same services with the same option validation.
    /// </summary>
    public static IServiceCollection AddRotationPipeline(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddTimerSchedules(configuration)
            .AddStorageClients(configuration)
            .AddKeyVaultClient(configuration)
            .AddSchedule(configuration)
            .AddHandovers(configuration)
            .AddXApi(configuration)
            .AddBluesky(configuration)
            .AddMastodon(configuration)
            .AddTokenRotation(configuration)
            .AddPortal(configuration)
            .AddNotices(configuration)
            .AddDataPlaneHealth();
}

using RotationFunctions.Channels;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

public static class PortalServiceCollectionExtensions
{
    /// <summary>The portal's rules and tables (not its pages: those are RotationFunctions.Portal's AddPortalPages).</summary>
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryMark<PortalMarker>())
        {
            return services;
        }
        services.AddStorageNames(configuration);
        services.AddSchedule(configuration);
        services.AddValidatedOptions<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        services.TryAddSingleton<PortalKeyStore>();
        services.TryAddSingleton<PortalLinksTable>();
        services.TryAddSingleton<PostsTable>();
        services.TryAddSingleton<PortalLimits>();
        services.TryAddSingleton<StagedImages>();
        services.TryAddSingleton<ChannelImages>();
        services.TryAddTransient<ChannelPublishers>();
        services.TryAddTransient<ChannelDeleters>();
        services.TryAddSingleton<PortalChannelPoster>();
        services.TryAddSingleton<PortalPoster>();
        services.TryAddSingleton<PortalMentions>();
        services.TryAddSingleton<PortalChannelMentions>();
        services.TryAddSingleton<PortalService>();
        services.TryAddSingleton<PostTakedowns>();
        return services;
    }

    private sealed class PortalMarker;
}

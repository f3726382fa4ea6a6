namespace RotationFunctions.Channels.Bluesky;

public static class BlueskyServiceCollectionExtensions
{
    /// <summary>
    /// Bluesky as a channel: <see cref="BlueskyClient"/> (typed HttpClient on XRPC), <see cref="BlueskySessions"/>
    /// (Key Vault, refreshed under the token lease, kept alive by <see cref="BlueskyKeepAlive"/>) and its <see cref="IChannelPublisher"/>. Options from section
    /// "Bluesky", validated at start. Needs the token rotation's leases (AddTokenRotation).
    /// </summary>
    public static IServiceCollection AddBluesky(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChannel<BlueskyOptions, BlueskyClient, BlueskyPublisher>(configuration.GetSection(BlueskyOptions.SectionName));
        services.TryAddSingleton<BlueskySessions>();
        services.TryAddSingleton<BlueskyAppPasswords>();
        services.TryAddSingleton<BlueskyKeepAlive>();
        return services;
    }
}

namespace RotationFunctions.Channels.Mastodon;

public static class MastodonServiceCollectionExtensions
{
    /// <summary>
    /// Mastodon as a channel: <see cref="MastodonClient"/> (typed HttpClient, POST never retried: the Idempotency-Key
    /// and the processor's retry do that) and its <see cref="IChannelPublisher"/>. Options from section "Mastodon",
    /// validated at start; the tokens are Key Vault secrets (TokenSecretPrefix + account id).
    /// </summary>
    public static IServiceCollection AddMastodon(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MastodonOptions>(configuration.GetSection(MastodonOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddChannelClient<MastodonClient>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChannelPublisher, MastodonPublisher>());
        return services;
    }
}

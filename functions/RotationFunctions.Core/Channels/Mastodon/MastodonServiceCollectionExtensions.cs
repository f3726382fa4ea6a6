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
        return services.AddChannel<MastodonOptions, MastodonClient, MastodonPublisher>(configuration.GetSection(MastodonOptions.SectionName));
    }
}

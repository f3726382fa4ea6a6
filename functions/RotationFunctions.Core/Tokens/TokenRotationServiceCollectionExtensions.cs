using RotationFunctions.Schedule;

namespace RotationFunctions.Tokens;

public static class TokenRotationServiceCollectionExtensions
{
    /// <summary>
    /// Token store (Key Vault), account state (the Accounts table's reader and the rotation's writer), leases (blob) and the single-flight
    /// rotator and rotation service. Needs <c>SecretClient</c>, <c>TableServiceClient</c> and
    /// <c>BlobServiceClient</c> in DI, and a channel's <see cref="ITokenEndpoint"/> (AddXApi registers X's).
    /// </summary>
    public static IServiceCollection AddTokenRotation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSchedule(configuration);
        services.AddValidatedOptions<TokenRotationOptions>(configuration.GetSection(TokenRotationOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenRotationOptions>>(
            new TokenRotationOptionsValidator(FunctionTimeout.Of(configuration))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenLocks>();
        services.TryAddSingleton<TokenLeases>();
        services.TryAddSingleton<TokenStateWriter>();
        services.TryAddSingleton<ITokenStore, KeyVaultTokenStore>();
        services.TryAddTransient<TokenRotator>();
        services.TryAddTransient<TokenRotationService>();
        return services;
    }
}

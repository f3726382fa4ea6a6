namespace RotationFunctions;

/// <summary>What every feature's AddXxx does the same way: its options, and registering only once.</summary>
internal static class ServiceRegistration
{
    /// <summary>
    /// <typeparamref name="TOptions"/> bound to <paramref name="section"/> and checked by its data annotations
    /// when the host starts, so a bad setting stops the app with a message instead of failing a run later.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>True the first time for <typeparamref name="TMarker"/>: a second AddXxx must not register its services twice.</summary>
    public static bool TryMark<TMarker>(this IServiceCollection services) where TMarker : class
    {
        if (services.Any(d => d.ServiceType == typeof(TMarker)))
        {
            return false;
        }
        services.AddSingleton<TMarker>();
        return true;
    }
}

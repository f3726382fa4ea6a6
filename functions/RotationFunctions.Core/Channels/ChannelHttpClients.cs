namespace RotationFunctions.Channels;

internal static class ChannelHttpClients
{
    /// <summary>
    /// A network as a channel: its options (validated at start), its typed HttpClient and its <see cref="IChannelPublisher"/>.
    /// </summary>
    public static IServiceCollection AddChannel<TOptions, TClient, TPublisher>(this IServiceCollection services, IConfigurationSection section)
        where TOptions : class
        where TClient : class
        where TPublisher : class, IChannelPublisher
    {
        services.AddValidatedOptions<TOptions>(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddChannelClient<TClient>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChannelPublisher, TPublisher>());
        return services;
    }

    /// <summary>
    /// A network's typed HttpClient as every channel has it: no client-wide timeout (each call's own AttemptTimeout
    /// rules), our User-Agent, and no HttpClient request logging (the channel logs its own events).
    /// </summary>
    public static IHttpClientBuilder AddChannelClient<TClient>(this IServiceCollection services)
        where TClient : class =>
        services.AddHttpClient<TClient>(client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("RotationFunctions/1.0");
        }).RemoveAllLoggers();
}

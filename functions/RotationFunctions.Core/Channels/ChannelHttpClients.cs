namespace RotationFunctions.Channels;

internal static class ChannelHttpClients
{
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

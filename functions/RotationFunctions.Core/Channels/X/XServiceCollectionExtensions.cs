using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using RotationFunctions.Tokens;

namespace RotationFunctions.Channels.X;

public static class XServiceCollectionExtensions
{
    /// <summary>The resilience pipeline of <see cref="XClient"/>.</summary>
    public const string PipelineName = "x-api";

    /// <summary>
    /// <see cref="XClient"/> (typed HttpClient on X API v2 with a tuned resilience pipeline),
    /// <see cref="XOAuthClient"/> (token endpoint, never retried), <see cref="ITweetPublisher"/> and <see cref="ITweetFinder"/>.
    /// Options from section "X", validated at start. The publisher also needs
    /// <see cref="Tokens.TokenRotationServiceCollectionExtensions.AddTokenRotation"/>.
    /// </summary>
    public static IServiceCollection AddXApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<XOptions>(configuration.GetSection(XOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<XPostLimiter>();
        services.TryAddTransient<ITweetPublisher, XTweetPublisher>();
        services.TryAddTransient<XTweetPublisher>();
        services.TryAddTransient<ITweetFinder>(sp => sp.GetRequiredService<XTweetPublisher>());
        services.TryAddTransient<ITweetDeleter>(sp => sp.GetRequiredService<XTweetPublisher>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChannelPublisher, XChannelPublisher>());
        services.TryAddTransient<ChannelPublishers>();

        services.TryAddSingleton<XHttpLogger>();
        services.AddHttpClient<XClient>(ConfigureClient)
            .RemoveAllLoggers()
            .AddLogger<XHttpLogger>()
            .AddResilienceHandler(PipelineName, static (builder, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<XOptions>>().Value;
                // Wall-clock time: a fake clock in tests must not stall network timeouts and backoff.
                builder.TimeProvider = TimeProvider.System;
                builder.AddTimeout(o.AttemptTimeout * (o.MaxRetries + 1) + o.RetryBaseDelay * (1 << Math.Min(o.MaxRetries, 10)) + TimeSpan.FromSeconds(5));
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(o.MaxRetries, 1),
                    Delay = o.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // 429 is the publisher's to handle (it knows the bound); POST is never retried here.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0 && IsRetryable(args.Context, args.Outcome)),
                });
                builder.AddTimeout(o.AttemptTimeout);
            });

        services.AddHttpClient<XOAuthClient>((sp, client) =>
        {
            ConfigureClient(sp, client);
            client.Timeout = sp.GetRequiredService<IOptions<XOptions>>().Value.AttemptTimeout;
        })
            .RemoveAllLoggers()
            .AddLogger<XHttpLogger>();
        services.TryAddTransient<ITokenEndpoint>(sp => sp.GetRequiredService<XOAuthClient>());
        return services;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        var o = services.GetRequiredService<IOptions<XOptions>>().Value;
        var baseUrl = o.BaseUrl ?? throw new OptionsValidationException(XOptions.SectionName, typeof(XOptions), ["X:BaseUrl is required."]);
        client.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
        client.DefaultRequestHeaders.UserAgent.ParseAdd("RotationFunctions/1.0");
    }

    /// <summary>Idempotent requests only (GET, HEAD, DELETE, PUT, OPTIONS), after a 5xx, 408, timeout or connection failure.</summary>
    internal static bool IsRetryable(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var method = context.GetRequestMessage()?.Method ?? outcome.Result?.RequestMessage?.Method;
        if (method is null || !(method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete ||
                                method == HttpMethod.Put || method == HttpMethod.Options))
        {
            return false;
        }
        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
            _ => false,
        };
    }
}

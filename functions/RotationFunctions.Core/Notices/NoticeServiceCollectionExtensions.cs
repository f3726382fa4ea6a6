using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RotationFunctions.Notices;

public static class NoticeServiceCollectionExtensions
{
    /// <summary>Notices: their options (checked at start) and the sender.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryMark<NoticesMarker>())
        {
            return services;
        }
        services.AddValidatedOptions<NoticeOptions>(configuration.GetSection(NoticeOptions.Section));
        services.TryAddSingleton<INoticeSender, SmtpNoticeSender>();
        return services;
    }

    private sealed class NoticesMarker;
}

using Azure.Core;
using RotationFunctions.Handover;
using RotationFunctions.Notices.Teams;
using RotationFunctions.Portal;

namespace RotationFunctions.Notices;

public static class NoticeServiceCollectionExtensions
{
    /// <summary>
    /// Notices: options (checked at start), the sender, the store, the planner's companion and the processor (the
    /// queue trigger emulation is in tools/RotationFunctions.Hosting). Needs the handovers' and the portal's services.
    /// </summary>
    public static IServiceCollection AddNotices(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryMark<NoticesMarker>())
        {
            return services;
        }
        services.AddStorageNames(configuration);
        services.AddHandovers(configuration);
        services.AddPortal(configuration);
        services.AddValidatedOptions<NoticeOptions>(configuration.GetSection(NoticeOptions.Section))
            // Links in mails must be whole: a path alone is of no use in a mail client.
            .Validate<IOptions<PortalOptions>>((notices, portal) => !notices.Enabled || portal.Value.PublicBaseUrl is { IsAbsoluteUri: true },
                "Portal:PublicBaseUrl must be the portal's public address (e.g. https://func-rotation.azurewebsites.net) when Notices:Sender is set: every curator notice carries the personal link.");
        services.TryAddSingleton<SmtpNoticeSender>();
        services.AddHttpClient<AcsEmailSender>();
        // The admins' Teams webhook: its URL is a Key Vault secret, so HttpClient's request logging (which names the URL) is off.
        services.AddKeyVaultClient(configuration);
        services.AddHttpClient<TeamsWebhookClient>(client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.TryAddSingleton<TokenCredential>(_ => AzureClientsExtensions.CreateCredential(configuration));
        services.TryAddSingleton<INoticeSender>(sp => sp.GetRequiredService<IOptions<NoticeOptions>>().Value.Sender == NoticeSenderKind.Acs
            ? sp.GetRequiredService<AcsEmailSender>()
            : sp.GetRequiredService<SmtpNoticeSender>());
        services.TryAddSingleton<NoticeStore>();
        services.TryAddSingleton<NoticeRetention>();
        services.TryAddSingleton<NoticePlanner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlannerCompanion, NoticePlanner>(sp => sp.GetRequiredService<NoticePlanner>()));
        services.TryAddSingleton<WeekReporter>();
        services.TryAddSingleton<WelcomeAppPassword>();
        services.TryAddSingleton<TeamsNoticeCards>();
        services.TryAddSingleton<NoticeProcessor>();
        return services;
    }

    private sealed class NoticesMarker;
}

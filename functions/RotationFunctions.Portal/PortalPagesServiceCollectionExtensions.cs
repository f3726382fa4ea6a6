using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RotationFunctions.Storage;

namespace RotationFunctions.Portal.Web;

public static class PortalPagesServiceCollectionExtensions
{
    /// <summary>
    /// The portal's pages on top of the core's rules: data protection with the key ring in Blob storage
    /// (shared by every instance), antiforgery, the session and the request handler.
    /// </summary>
    public static IServiceCollection AddPortalPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortal(configuration);
        services.AddStorageClients(configuration);
        services.AddDataProtection().SetApplicationName("RotationFunctions.Portal");
        services.AddOptions<KeyManagementOptions>()
            .Configure<BlobServiceClient, IOptions<StorageNames>>((options, blobs, names) =>
                options.XmlRepository = new BlobXmlRepository(blobs.GetBlobContainerClient(names.Value.PortalKeyContainer)));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "__Host-rotation-af";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
            options.FormFieldName = "__rf";
        });
        services.TryAddSingleton<PortalSession>();
        services.TryAddSingleton<PortalHomePage>();
        services.TryAddSingleton<PortalEndpoints>();
        // ASP.NET Core's request lines carry the URL, and the first request's URL is the personal link.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        return services;
    }

    /// <summary>The portal under <see cref="PortalPaths.Prefix"/> on a Kestrel host (the local host, the browser tests).</summary>
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map(PortalPaths.Prefix + "/{**path}", context => context.RequestServices.GetRequiredService<PortalEndpoints>().HandleAsync(context));
        return endpoints;
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using RotationFunctions.Portal.Web;

namespace RotationFunctions.Hosting;

/// <summary>
/// The curator portal on Kestrel, on a host built like every other host of this system (<see cref="RotationHost"/>):
/// what the Function App serves through its HTTP trigger, for the local host and the browser tests.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PortalServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. http://127.0.0.1:54321/ (trailing slash); the portal is at <see cref="PortalPaths.Prefix"/> below it.</summary>
    public Uri BaseAddress { get; }

    public Uri PortalAddress => new(BaseAddress, PortalPaths.Home.TrimStart('/'));

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts on 127.0.0.1, on <paramref name="port"/> (0: one the OS picks). <paramref name="configure"/> runs last, so what it registers wins.</summary>
    public static async Task<PortalServer> StartAsync(RotationHostOptions options, int port = 0, Action<IServiceCollection>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        RotationHost.Configure(builder, options);
        builder.Services.AddRoutingCore();
        builder.Services.AddPortalPages(builder.Configuration);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseRouting();
        app.MapPortal();
        await RotationHost.EnsureStorageAsync(app.Services, cancellationToken);
        await app.StartAsync(cancellationToken);
        return new PortalServer(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
    }

    /// <summary>The full URL of a personal link.</summary>
    public Uri LinkAddress(RotationFunctions.Portal.PortalLink link) => new(BaseAddress, PortalPaths.Prefix.TrimStart('/') + link.RelativePath);

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }
        await _app.DisposeAsync();
    }
}

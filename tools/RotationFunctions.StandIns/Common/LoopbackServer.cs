using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;

namespace RotationFunctions.StandIns.Common;

/// <summary>
/// A Kestrel server on 127.0.0.1 with a port the OS picks, serving the endpoints a stand-in maps.
/// No configuration sources and no logging providers: nothing a request carries (tokens,
/// secret values) can reach a log.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private Uri? _baseAddress;

    public LoopbackServer(X509Certificate2? certificate, Action<IEndpointRouteBuilder> mapEndpoints)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        _app = builder.Build();
        mapEndpoints(_app);
    }

    /// <summary>The bound address, e.g. https://127.0.0.1:54321/ (always with a trailing slash).</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The server has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        _baseAddress = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RotationFunctions.StandIns.Common;

/// <summary>
/// A Kestrel server on 127.0.0.1 with a port the OS picks, running one request delegate.
/// No configuration sources and no logging providers: nothing a request carries (tokens,
/// secret values) can reach a log.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private LoopbackServer(WebApplication app, CancellationTokenSource stopping, Uri baseAddress)
    {
        _app = app;
        _stopping = stopping;
        BaseAddress = baseAddress;
    }

    /// <summary>The bound address, e.g. https://127.0.0.1:54321/ (always with a trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Cancelled when the server stops, so hanging requests end.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public static async Task<LoopbackServer> StartAsync(
        Func<HttpContext, CancellationToken, Task> handler,
        X509Certificate2? certificate,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
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
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        app.Run(context => handler(context, stopping.Token));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new LoopbackServer(app, stopping, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

using Microsoft.Extensions.Http.Logging;

namespace RotationFunctions.Channels.X;

/// <summary>
/// Replaces HttpClient's default request logging on the X clients: that one's Trace records carry the
/// raw request headers in their structured state (the Authorization bearer token, the Basic client
/// secret) even though the message shows "*". This logs method, path, status and duration only.
/// </summary>
internal sealed class XHttpLogger(ILogger<XHttpLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.HttpRequest(request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var error = exception.GetType().Name;
            logger.HttpRequestFailed(request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", error, elapsed.TotalMilliseconds);
        }
    }
}

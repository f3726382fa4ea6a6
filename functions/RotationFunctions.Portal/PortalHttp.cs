using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RotationFunctions.Portal.Web;

/// <summary>The portal's HTTP plumbing, apart from its pages: headers, origin and HTTPS checks, the client address, redirects.</summary>
internal static class PortalHttp
{
    private const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static string Minutes(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Who is asking, for the lookup limit. Behind App Service the front end appends the address it saw to
    /// X-Forwarded-For (with a port), and the Functions host forwards the request from loopback: the last entry is
    /// the one a client cannot forge. Without the header (Kestrel, the tests): the connection's address.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is { Length: > 0 and <= 64 })
        {
            if (System.Net.IPEndPoint.TryParse(last, out var endpoint))
            {
                return endpoint.Address.ToString();
            }
            return last;
        }
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>
    /// A POST must come from a page of this host: the browser's Origin (or Sec-Fetch-Site) says where the form
    /// was. The host is compared, not the scheme: behind Azure's front end the worker may see http.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none"))
        {
            return false;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // No Origin and no Sec-Fetch-Site: not a browser that could be fooled into it; antiforgery still applies.
            return true;
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The cookies are Secure and antiforgery insists on HTTPS. Behind App Service, TLS ends at the front end
    /// (which sets X-Forwarded-Proto) and the Functions host forwards to the worker over plain http; a browser
    /// on http://127.0.0.1 (the local host, the tests) is a secure context and keeps Secure cookies too.
    /// Either way the request is as secure as HTTPS for the browser, so it is treated as HTTPS here.
    /// </summary>
    public static void MarkSecureContext(HttpRequest request)
    {
        if (request.IsHttps)
        {
            return;
        }
        var forwarded = request.Headers["X-Forwarded-Proto"].ToString();
        var host = request.Host.Host;
        if (string.Equals(forwarded, "https", StringComparison.OrdinalIgnoreCase)
            || host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)))
        {
            request.Scheme = "https";
        }
    }

    public static void Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    public static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: with no-referrer the browser sends "Origin: null" on a form POST, and the
        // origin check needs the real one. Other origins get no Referer at all.
        response.Headers["Referrer-Policy"] = "same-origin";
        // What antiforgery sets anyway (it warns when it has to): pages with a personal session are never cached.
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
    }

    public static async Task WriteAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>The page's name for logs: the path below the prefix, with a link's parts cut off.</summary>
    public static string PageName(string path) =>
        path.StartsWith(PortalPaths.LinkPrefix, StringComparison.Ordinal) ? "/l/…"
        : path.StartsWith(PortalPaths.Prefix, StringComparison.Ordinal) ? path[PortalPaths.Prefix.Length..] is { Length: > 0 and < 40 } p ? p : "/"
        : "?";
}

using System.Net;
using System.Text.RegularExpressions;

namespace RotationFunctions.Benchmarks.Portal;

/// <summary>
/// One curator's browser, as plain HTTP: opens the personal link (the session cookie), reads the compose form
/// (the antiforgery token and post id in it), checks and posts. Cookies are kept by hand: the portal's cookies
/// are Secure (__Host-), which a browser keeps on http://127.0.0.1 (a secure context) but .NET's CookieContainer
/// would not send over http.
/// </summary>
internal sealed partial class PortalCurator(Uri baseAddress, Uri link) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private string _formToken = "";
    private string _postId = "";

    /// <summary>Body bytes of each page this curator fetched last, by page name.</summary>
    public Dictionary<string, long> PageBytes { get; } = new(StringComparer.Ordinal);

    /// <summary>Opens the link (303 and the session cookie) and the compose page.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        using var opened = await SendAsync(HttpMethod.Get, link.PathAndQuery, null, "link", cancellationToken);
        Expect(opened, HttpStatusCode.SeeOther, "opening the link");
        await HomeAsync("home", RotationFunctions.Portal.Web.PortalPaths.Home, cancellationToken);
    }

    /// <summary>Check then post, as the compose form's two buttons; returns when the portal answered that X accepted the post.</summary>
    public async Task CheckAsync(string text, CancellationToken cancellationToken)
    {
        using var checkedPage = await SendAsync(HttpMethod.Post, RotationFunctions.Portal.Web.PortalPaths.Check, Form(text), "check", cancellationToken);
        Expect(checkedPage, HttpStatusCode.OK, "checking the text");
        ReadForm(await checkedPage.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The last post request: sent → the portal's 303 (it answers only after X accepted the post).</summary>
    public double LastPostSeconds { get; private set; }

    public async Task PostAsync(string text, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var posted = await SendAsync(HttpMethod.Post, RotationFunctions.Portal.Web.PortalPaths.Post, Form(text), "post", cancellationToken);
        LastPostSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Expect(posted, HttpStatusCode.SeeOther, "posting");
        // The page the portal sends the curator to: "posted", with the week's posts listed.
        await HomeAsync("posted", posted.Headers.Location!.OriginalString, cancellationToken);
    }

    /// <summary>A page by path, its bytes recorded under <paramref name="name"/>.</summary>
    public async Task FetchAsync(string name, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, name, cancellationToken);
    }

    private async Task HomeAsync(string name, string path, CancellationToken cancellationToken)
    {
        using var home = await SendAsync(HttpMethod.Get, path, null, name, cancellationToken);
        Expect(home, HttpStatusCode.OK, $"reading the {name} page");
        ReadForm(await home.Content.ReadAsStringAsync(cancellationToken));
    }

    private FormUrlEncodedContent Form(string text) => new([new("__rf", _formToken), new("postId", _postId), new("text", text)]);

    private void ReadForm(string html)
    {
        _formToken = WebUtility.HtmlDecode(FormToken().Match(html) is { Success: true } t ? t.Groups[1].Value : throw new InvalidOperationException("The portal page has no antiforgery token."));
        _postId = WebUtility.HtmlDecode(PostId().Match(html) is { Success: true } p ? p.Groups[1].Value : throw new InvalidOperationException("The portal page has no compose form."));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string page, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        if (method == HttpMethod.Post)
        {
            // What a browser sends with a form posted from the page itself.
            request.Headers.Add("Origin", baseAddress.GetLeftPart(UriPartial.Authority));
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
        }
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        if ((int)response.StatusCode is < 300 or >= 400)
        {
            // Redirects (opening the link, a post accepted) have no body to speak of.
            PageBytes[page] = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
        }
        return response;
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            // The status only: the page may echo the curator's text, and the URL is the personal link.
            throw new InvalidOperationException($"The portal answered {(int)response.StatusCode} to {what}, expected {(int)status}.");
        }
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__rf\" value=\"([^\"]*)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("name=\"postId\" value=\"([^\"]*)\"")]
    private static partial Regex PostId();
}

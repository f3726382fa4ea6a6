using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// The portal's forms sent as the curator's browser sends them: from a context opened on the curator's link, with the
/// page's antiforgery token and the portal's Origin, a redirect answered but not followed.
/// </summary>
internal static class PortalForms
{
    /// <summary>Opens the curator's link in a new browser context: the context, its page and the page's antiforgery token.</summary>
    public static async Task<(IBrowserContext Context, IPage Page, string Token)> OpenAsync(BrowserFixture browser, PortalEnvironment env)
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        return (context, page, (await page.GetAttributeAsync("input[name=__rf]", "value"))!);
    }

    /// <summary>POSTs <paramref name="form"/> to the portal's <paramref name="path"/> (multipart, as a form with files is sent, or urlencoded).</summary>
    public static async Task<(int Status, string Body)> PostAsync(IBrowserContext context, PortalEnvironment env, IFormData form, bool multipart = true, string path = "post")
    {
        var options = new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        };
        if (multipart)
        {
            options.Multipart = form;
        }
        else
        {
            options.Form = form;
        }
        var answer = await context.APIRequest.PostAsync(env.Page(path).ToString(), options);
        return (answer.Status, await answer.TextAsync());
    }
}

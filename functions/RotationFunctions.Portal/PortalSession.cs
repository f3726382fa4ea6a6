using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace RotationFunctions.Portal.Web;

/// <summary>
/// The session cookie: the link itself (account, slot, generation, MAC), protected by ASP.NET Core data
/// protection, so every request checks the link again (a revoke, a re-issue or a changed curator ends
/// the session at once) and the browser never holds anything readable. HttpOnly, Secure, SameSite=Lax:
/// Strict would lose the cookie on the first click from a mail client.
/// </summary>
public sealed class PortalSession(IDataProtectionProvider protection)
{
    /// <summary>__Host-: only over HTTPS (or a loopback address the browser trusts as secure), for this host only, path /.</summary>
    public const string CookieName = "__Host-rotation-portal";

    private readonly IDataProtector _protector = protection.CreateProtector("RotationFunctions.Portal.Session.v1");

    public void SignIn(HttpContext context, PortalLink link)
    {
        var value = _protector.Protect(string.Join('\n', link.AccountId, link.SlotRowKey, link.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture), link.Token));
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });
    }

    public PortalLink? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            return parts.Length == 4 && int.TryParse(parts[2], out var generation)
                ? new PortalLink(parts[0], parts[1], generation, parts[3])
                : null;
        }
        catch (CryptographicException)
        {
            // A cookie from a key ring that is gone, or tampered with: no session.
            return null;
        }
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace RotationFunctions.App.Portal;

/// <summary>HTTP: the curator portal. Every path below /api/portal goes to the one handler Kestrel also serves.</summary>
public sealed class CuratorPortal(PortalEndpoints portal)
{
    [Function(nameof(CuratorPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", Route = PortalPaths.FunctionRoute)] HttpRequest request)
    {
        await portal.HandleAsync(request.HttpContext);
        // The handler wrote the response itself (ASP.NET Core integration).
        return new EmptyResult();
    }
}

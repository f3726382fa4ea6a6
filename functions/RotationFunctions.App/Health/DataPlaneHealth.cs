using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RotationFunctions.Health;

namespace RotationFunctions.App.Health;

/// <summary>
/// HTTP (function key): the deployment's smoke test asks the app whether its identity reaches Key Vault, the queue,
/// a lease and the tables, since behind private endpoints nothing else can.
/// </summary>
public sealed class DataPlaneHealth(HealthCheckService health)
{
    [Function(nameof(DataPlaneHealth))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request)
    {
        var (status, json) = await HealthResponse.RunAsync(health, request.HttpContext.RequestAborted);
        return new ContentResult { StatusCode = status, Content = json, ContentType = "application/json" };
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RotationFunctions.Health;

/// <summary>The health report as GET /api/health answers it: 200 when every check passed, else 503; each check by name.</summary>
public static class HealthResponse
{
    public static async Task<(int StatusCode, string Json)> RunAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = new JsonObject
            {
                ["status"] = entry.Status.ToString(),
                ["description"] = entry.Description,
                ["ms"] = Math.Round(entry.Duration.TotalMilliseconds),
            };
        }
        var body = new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks };
        return (report.Status == HealthStatus.Healthy ? 200 : 503, body.ToJsonString());
    }
}

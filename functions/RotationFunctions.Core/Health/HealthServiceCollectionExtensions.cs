using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RotationFunctions.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The data-plane checks behind GET /api/health: Key Vault, the handover queue, a lease, the tables.</summary>
    public static IServiceCollection AddDataPlaneHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<KeyVaultHealthCheck>("key-vault")
            .AddCheck<QueueHealthCheck>("queue")
            .AddCheck<LeaseHealthCheck>("lease")
            .AddCheck<TablesHealthCheck>("tables");
        return services;
    }
}

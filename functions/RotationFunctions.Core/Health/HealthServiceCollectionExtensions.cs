using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RotationFunctions.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The data-plane checks behind GET /api/health: Key Vault, the handover queue, a lease, the tables.</summary>
    public static IServiceCollection AddDataPlaneHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<KeyVaultHealthCheck>(DataPlaneHealthChecks.KeyVault)
            .AddCheck<QueueHealthCheck>(DataPlaneHealthChecks.Queue)
            .AddCheck<LeaseHealthCheck>(DataPlaneHealthChecks.Lease)
            .AddCheck<TablesHealthCheck>(DataPlaneHealthChecks.Tables);
        return services;
    }
}

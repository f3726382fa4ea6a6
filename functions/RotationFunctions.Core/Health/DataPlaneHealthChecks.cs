using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RotationFunctions.Storage;

namespace RotationFunctions.Health;

/// <summary>
/// What the app's identity must be able to do on each data plane, done for real: behind private endpoints only the
/// app can reach them, so the deployment's smoke test asks the app (GET /api/health). Each check says what failed,
/// never a secret's value or a token.
/// </summary>
internal static class DataPlaneHealthChecks
{
    /// <summary>Healthy with what <paramref name="probe"/> did, or unhealthy naming <paramref name="what"/> and the service's answer.</summary>
    public static async Task<HealthCheckResult> ProbeAsync(string what, Func<Task<string>> probe)
    {
        try
        {
            return HealthCheckResult.Healthy(await probe());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(what, e);
        }
    }

    /// <summary>The status and the service's error code (403 AuthorizationPermissionMismatch), never the request or its answer's body.</summary>
    public static HealthCheckResult Failed(string what, Exception e) => HealthCheckResult.Unhealthy(e switch
    {
        RequestFailedException r => $"{what}: {r.Status} {r.ErrorCode}".TrimEnd(),
        AggregateException { InnerExceptions.Count: > 0 } a => Failed(what, a.InnerExceptions[^1]).Description!,
        _ => $"{what}: {e.GetType().Name}",
    });
}

/// <summary>Reads the portal key's secret: the identity's get permission and the vault's network path.</summary>
internal sealed class KeyVaultHealthCheck(SecretClient secrets, IOptions<StorageNames> names) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = names.Value.PortalKeySecret;
        try
        {
            // The value is read, as the portal reads it, and dropped at once.
            await secrets.GetSecretAsync(name, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy($"read secret '{name}'");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Reached and allowed: the portal creates its key on first use.
            return HealthCheckResult.Healthy($"the vault answered; secret '{name}' does not exist yet");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DataPlaneHealthChecks.Failed($"reading secret '{name}' from {secrets.VaultUri.Host}", e);
        }
    }
}

/// <summary>Sends a message to the handover queue, hidden for the longest a queue allows, and deletes it at once: Sender and Message Processor.</summary>
internal sealed class QueueHealthCheck(QueueServiceClient queues, IOptions<StorageNames> names) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queue = queues.GetQueueClient(names.Value.HandoverQueue);
        return await DataPlaneHealthChecks.ProbeAsync($"a message to queue '{queue.Name}'", async () =>
        {
            // Hidden for 7 days: even if the delete below failed, no worker would see it before an admin could.
            var sent = await queue.SendMessageAsync(BinaryData.FromString("health-probe"), TimeSpan.FromDays(7), cancellationToken: cancellationToken);
            await queue.DeleteMessageAsync(sent.Value.MessageId, sent.Value.PopReceipt, cancellationToken);
            return $"sent to and deleted from queue '{queue.Name}'";
        });
    }
}

/// <summary>Takes and releases a lease in the token lease container, as a rotation does before it refreshes.</summary>
internal sealed class LeaseHealthCheck(BlobServiceClient blobs, IOptions<StorageNames> names) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var container = blobs.GetBlobContainerClient(names.Value.LeaseContainer);
        var blob = container.GetBlobClient("health-probe");
        return await DataPlaneHealthChecks.ProbeAsync($"a lease in container '{container.Name}'", async () =>
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            if (!await blob.ExistsAsync(cancellationToken))
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
            }
            var lease = blob.GetBlobLeaseClient();
            await lease.AcquireAsync(TimeSpan.FromSeconds(15), cancellationToken: cancellationToken);
            await lease.ReleaseAsync(cancellationToken: cancellationToken);
            return $"took and released a lease in container '{container.Name}'";
        });
    }
}

/// <summary>Reads one row of the Accounts table: the table role and the table endpoint.</summary>
internal sealed class TablesHealthCheck(TableServiceClient tables, IOptions<StorageNames> names) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var table = tables.GetTableClient(names.Value.AccountsTable);
        return await DataPlaneHealthChecks.ProbeAsync($"reading table '{table.Name}'", async () =>
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }
            return $"read table '{table.Name}'";
        });
    }
}

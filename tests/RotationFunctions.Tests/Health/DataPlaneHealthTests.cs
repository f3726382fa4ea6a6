using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RotationFunctions.Health;
using RotationFunctions.StandIns.Common;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Health;

/// <summary>
/// GET /api/health's checks on the real clients against Azurite and the Key Vault stand-in: each data plane is used
/// for real, a refusal names its check with the service's status and code, and the probe leaves nothing behind.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DataPlaneHealthTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 6, 0, 0, TimeSpan.Zero);

    private static async Task<(int Status, JsonNode Body)> CheckAsync(PipelineEnvironment env)
    {
        var (status, json) = await HealthResponse.RunAsync(env.Service<HealthCheckService>(), default);
        return (status, JsonNode.Parse(json)!);
    }

    [Fact]
    public async Task All_four_data_planes_answer_healthy_and_the_probe_message_is_gone_from_the_queue()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, Now);
        var gets = env.Vault.GetRequestCount("GET");

        var (status, body) = await CheckAsync(env);

        Assert.Equal(200, status);
        Assert.Equal("Healthy", (string?)body["status"]);
        foreach (var check in new[] { "key-vault", "queue", "lease", "tables" })
        {
            Assert.Equal("Healthy", (string?)body["checks"]![check]!["status"]);
        }
        Assert.Contains($"queue '{env.Names.HandoverQueue}'", (string?)body["checks"]!["queue"]!["description"]);
        Assert.True(env.Vault.GetRequestCount("GET") > gets);
        var queue = env.Service<QueueServiceClient>().GetQueueClient(env.Names.HandoverQueue);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_vault_that_refuses_the_identity_and_a_lease_held_elsewhere_are_503_naming_each_check_status_and_code()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, Now);
        env.Vault.InjectFault(Fault.WithStatus(403), count: 10, method: "GET", secretName: env.Names.PortalKeySecret);
        var blob = env.Service<BlobServiceClient>().GetBlobContainerClient(env.Names.LeaseContainer).GetBlobClient("health-probe");
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await blob.UploadAsync(BinaryData.Empty, overwrite: true);
        await blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(60));

        var (status, body) = await CheckAsync(env);

        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", (string?)body["status"]);
        Assert.StartsWith($"reading secret '{env.Names.PortalKeySecret}' from 127.0.0.1: 403", (string?)body["checks"]!["key-vault"]!["description"]);
        Assert.Equal($"a lease in container '{env.Names.LeaseContainer}': 409 LeaseAlreadyPresent", (string?)body["checks"]!["lease"]!["description"]);
        Assert.Equal("Healthy", (string?)body["checks"]!["queue"]!["status"]);
        Assert.Equal("Healthy", (string?)body["checks"]!["tables"]!["status"]);
    }
}

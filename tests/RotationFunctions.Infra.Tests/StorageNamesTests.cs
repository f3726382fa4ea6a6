using RotationFunctions.Storage;

namespace RotationFunctions.Infra.Tests;

/// <summary>The tables, queues and containers infra/ creates are the ones the code names in StorageNames.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class StorageNamesTests(CompiledInfraFixture infra)
{
    [Fact]
    public void Tables_AreExactlyStorageNames()
    {
        Assert.Equal(
            new[] { StorageNames.Default.AccountsTable, StorageNames.Default.ScheduleTable, StorageNames.Default.HandoversTable, StorageNames.Default.PortalLinksTable, StorageNames.Default.PostsTable, StorageNames.Default.PortalLimitsTable, StorageNames.Default.NoticesTable }.Order(),
            Names("Microsoft.Storage/storageAccounts/tableServices/tables").Order());
    }

    [Fact]
    public void Queues_AreExactlyStorageNames()
    {
        Assert.Equal(
            new[] { StorageNames.Default.HandoverQueue, StorageNames.Default.HandoverPoisonQueue, StorageNames.Default.NoticeQueue, StorageNames.Default.NoticePoisonQueue }.Order(),
            Names("Microsoft.Storage/storageAccounts/queueServices/queues").Order());
    }

    [Fact]
    public void Containers_IncludeTheLeaseContainer_AndTheFlexDeploymentContainer()
    {
        var containers = Names("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Contains(StorageNames.Default.LeaseContainer, containers);
        Assert.Contains(StorageNames.Default.PortalKeyContainer, containers);

        // Flex Consumption deploys to the container the storage module creates: both get the same value.
        var template = infra.RequireMain();
        var site = template.OfType("Microsoft.Web/sites").Single();
        var deploymentTarget = ArmTemplate.Text(site.Json["properties"]?["functionAppConfig"]?["deployment"]?["storage"]?["value"]);
        Assert.Contains("parameters('deploymentContainerName')", deploymentTarget, StringComparison.Ordinal);
        var created = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Where(c => c.Name.Contains("parameters('deploymentContainerName')", StringComparison.Ordinal))
            .ToList();
        var container = Assert.Single(created);
        var passedToApp = ArmTemplate.Text(site.Module?.Properties?["parameters"]?["deploymentContainerName"]?["value"]);
        var passedToStorage = ArmTemplate.Text(container.Module?.Properties?["parameters"]?["deploymentContainerName"]?["value"]);
        Assert.False(string.IsNullOrEmpty(passedToApp), "The functionapp module gets no deploymentContainerName.");
        Assert.Equal(passedToStorage, passedToApp);
    }

    [Fact]
    public void Containers_AreNotPublic()
    {
        var containers = infra.RequireMain().OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.NotEmpty(containers);
        foreach (var container in containers)
        {
            Assert.True(container.Properties?["publicAccess"]?.GetValue<string>() == "None",
                $"{container.Describe()}: publicAccess must be 'None'.");
        }
    }

    private List<string> Names(string type) =>
        infra.RequireMain().OfType(type).Select(r => ArmTemplate.LastNameSegment(r.Name)).ToList();
}

namespace RotationFunctions.Tests.Infrastructure;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Azurite_listens_on_loopback_and_creates_tables()
    {
        var name = AzuriteFixture.UniqueName("probe");
        var client = azurite.TableService().GetTableClient(name);
        await client.CreateIfNotExistsAsync();
        await client.AddEntityAsync(new Azure.Data.Tables.TableEntity("p", "r") { ["X"] = 1 });
        var back = await client.GetEntityAsync<Azure.Data.Tables.TableEntity>("p", "r");
        Assert.Equal(1, back.Value.GetInt32("X"));
        Assert.Contains("127.0.0.1", azurite.ConnectionString, StringComparison.Ordinal);
    }
}

using RotationFunctions.Infra.Tests.Checks;

namespace RotationFunctions.Infra.Tests;

/// <summary>The Function App gets every setting the code reads, with the values the code expects.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class AppSettingsTests(CompiledInfraFixture infra)
{
    public static TheoryData<string> RequiredSettings => new(AppSettingNames.RequiredInAzure);

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void RequiredInAzure_IsAnAppSetting(string name)
    {
        var names = Settings().Select(s => s.Name).ToList();
        Assert.True(names.Count(n => n == name) == 1,
            $"AppSettingNames.RequiredInAzure lists '{name}', but the Function App sets it {names.Count(n => n == name)} times. " +
            $"Settings: {string.Join(", ", names)}");
    }

    [Fact]
    public void NoLocalOnlySetting_IsAnAppSetting()
    {
        var names = Settings().Select(s => s.Name).ToList();
        Assert.DoesNotContain(AppSettingNames.StorageConnectionString, names);
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        // Flex Consumption takes the runtime from functionAppConfig and rejects these two.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", names);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", names);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential", "managedidentity")]
    [InlineData(AppSettingNames.XBaseUrl, "https://api.x.com")]
    [InlineData(AppSettingNames.PlanSchedule, "0 */5 * * * *")]
    [InlineData(AppSettingNames.RotateTokensSchedule, "0 */15 * * * *")]
    [InlineData(AppSettingNames.HandoverQueueName, "handovers")]
    [InlineData(AppSettingNames.NoticeQueueName, "notices")]
    public void Setting_HasItsLiteralValue(string name, string expected)
    {
        Assert.Equal(expected, Value(name));
    }

    [Theory]
    [InlineData(AppSettingNames.ManagedIdentityClientId, "'identity'", "outputs.clientId")]
    [InlineData("AzureWebJobsStorage__clientId", "'identity'", "outputs.clientId")]
    [InlineData(AppSettingNames.StorageBlobServiceUri, "'storage'", "outputs.blobEndpoint")]
    [InlineData(AppSettingNames.StorageQueueServiceUri, "'storage'", "outputs.queueEndpoint")]
    [InlineData(AppSettingNames.StorageTableServiceUri, "'storage'", "outputs.tableEndpoint")]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "'storage'", "outputs.blobEndpoint")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "'storage'", "outputs.queueEndpoint")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "'storage'", "outputs.tableEndpoint")]
    [InlineData(AppSettingNames.KeyVaultUri, "'keyVault'", "outputs.vaultUri")]
    public void Setting_IsWiredToTheModuleOutput(string name, string module, string output)
    {
        Assert.Contains(module, Value(name), StringComparison.Ordinal);
        Assert.Contains(output, Value(name), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationInsightsConnectionString_IsReadFromTheComponent()
    {
        var value = Value("APPLICATIONINSIGHTS_CONNECTION_STRING");
        Assert.Contains("Microsoft.Insights/components", value, StringComparison.Ordinal);
        Assert.EndsWith(".ConnectionString]", value, StringComparison.Ordinal);
    }

    private List<(ArmResource Site, string Name, System.Text.Json.Nodes.JsonNode? Value)> Settings() =>
        SecurityChecks.AppSettings(infra.RequireMain()).ToList();

    /// <summary>The value of a setting as the parent deployment passes it (module parameters followed one level).</summary>
    private string Value(string name)
    {
        var setting = Settings().SingleOrDefault(s => s.Name == name);
        Assert.True(setting.Site is not null, $"The Function App has no app setting '{name}'.");
        var resolved = ArmTemplate.ResolveParameter(setting.Site, setting.Value);
        return resolved?.GetValue<string>() ?? "";
    }
}

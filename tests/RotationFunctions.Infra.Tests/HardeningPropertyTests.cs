using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// The properties issue 18 added (telemetry with Entra only, networkIsolation, CORS, Communication Services
/// Email), each a named expectation on the compiled template: the exact literal, or the exact ARM expression
/// bicep compiles it to (an expression is checked as written, since ARM evaluates it only at deployment).
/// Each is shown to fail on a copy of the template with that one property removed.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class HardeningPropertyTests(CompiledInfraFixture infra)
{
    private const string OpenUnlessIsolated = "[if(and(parameters('networkIsolation'), empty(parameters('adminIpRanges'))), 'Disabled', 'Enabled')]";
    private const string DenyWhenIsolated = "[if(parameters('networkIsolation'), 'Deny', 'Allow')]";

    /// <summary>A property of the first resource of a type: its path and the JSON it must compile to.</summary>
    private sealed record Expectation(string Type, string Path, JsonNode Expected);

    private static readonly Dictionary<string, Expectation> Expectations = new()
    {
        // Telemetry: key-based ingestion off, so a leaked connection string cannot inject a fake Critical trace.
        ["ApplicationInsights_HasLocalAuthDisabled"] = new("Microsoft.Insights/components", "properties.DisableLocalAuth", true),
        ["LogAnalytics_HasLocalAuthDisabled"] = new("Microsoft.OperationalInsights/workspaces", "properties.features.disableLocalAuth", true),
        // networkIsolation: storage and vault close their public endpoint (but for admins' ranges) when it is on.
        ["Storage_PublicNetworkAccess_ClosedWhenIsolated"] = new("Microsoft.Storage/storageAccounts", "properties.publicNetworkAccess", OpenUnlessIsolated),
        ["Storage_Firewall_DeniesWhenIsolated"] = new("Microsoft.Storage/storageAccounts", "properties.networkAcls.defaultAction", DenyWhenIsolated),
        ["KeyVault_PublicNetworkAccess_ClosedWhenIsolated"] = new("Microsoft.KeyVault/vaults", "properties.publicNetworkAccess", OpenUnlessIsolated),
        ["KeyVault_Firewall_DeniesWhenIsolated"] = new("Microsoft.KeyVault/vaults", "properties.networkAcls.defaultAction", DenyWhenIsolated),
        ["FunctionApp_IntegratesIntoTheSubnet_WhenGiven"] = new("Microsoft.Web/sites", "properties.virtualNetworkSubnetId", "[if(empty(parameters('subnetId')), null(), parameters('subnetId'))]"),
        // The portal stays reachable over HTTPS for curators wherever they are.
        ["FunctionApp_StaysPublic_ForThePortal"] = new("Microsoft.Web/sites", "properties.publicNetworkAccess", "Enabled"),
        ["FunctionApp_HasCorsOff"] = new("Microsoft.Web/sites", "properties.siteConfig.cors.allowedOrigins", new JsonArray()),
        ["AppSubnet_IsDelegatedToFlexConsumption"] = new("Microsoft.Network/virtualNetworks", "properties.subnets", Subnets()),
        // Communication Services Email: the organisation's own domain, data at rest in Europe, no link rewriting.
        ["EmailDomain_IsCustomerManaged"] = new("Microsoft.Communication/emailServices/domains", "properties.domainManagement", "CustomerManaged"),
        ["EmailDomain_HasNoEngagementTracking"] = new("Microsoft.Communication/emailServices/domains", "properties.userEngagementTracking", "Disabled"),
        ["EmailService_KeepsDataInEurope"] = new("Microsoft.Communication/emailServices", "properties.dataLocation", "[parameters('dataLocation')]"),
        ["CommunicationService_LinksTheDomainOnlyOnceVerified"] = new("Microsoft.Communication/communicationServices", "properties.linkedDomains",
            "[if(parameters('domainVerified'), createArray(resourceId('Microsoft.Communication/emailServices/domains', parameters('emailServiceName'), parameters('domainName'))), createArray())]"),
    };

    public static TheoryData<string> Names => new(Expectations.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_Holds(string name) => Assert.Empty(Check(infra.RequireMain(), name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_Removed_FailsItsCheck(string name)
    {
        var mutated = infra.RequireMain().Clone();
        var expectation = Expectations[name];
        var resource = mutated.OfType(expectation.Type).First();
        var parts = expectation.Path.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)resource.Json, (node, part) => node[part]!);
        ((JsonObject)parent).Remove(parts[^1]);

        Assert.Contains(Check(mutated, name), v => v.Contains(expectation.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void EmailService_DataLocationDefault_IsEurope()
    {
        var email = Module("email");
        Assert.Equal("Europe", email["parameters"]?["dataLocation"]?["defaultValue"]?.GetValue<string>());
    }

    [Fact]
    public void PrivateEndpoints_CoverBlobQueueTableAndVault_EachWithItsDnsZone()
    {
        var network = Module("network");
        var endpoints = network["variables"]?["endpoints"] as JsonArray;
        Assert.NotNull(endpoints);
        Assert.Equal(["blob", "queue", "table", "vault"], endpoints.Select(e => e!["name"]!.GetValue<string>()));
        var zones = endpoints.Select(e => ArmTemplate.Text(e!["zone"])).ToList();
        Assert.All(zones.Take(3), (z, i) => Assert.Contains($"privatelink.{endpoints[i]!["name"]}.", z, StringComparison.Ordinal));
        Assert.Equal("[format('privatelink{0}', replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.'))]", ArmTemplate.Text(network["variables"]?["vaultZone"]));

        var template = infra.RequireMain();
        Assert.Single(template.OfType("Microsoft.Network/privateEndpoints"));
        Assert.Single(template.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups"));
        Assert.Single(template.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
        var pe = template.OfType("Microsoft.Network/privateEndpoints").Single();
        Assert.All(new[] { pe.Json["copy"], template.OfType("Microsoft.Network/privateDnsZones").Single().Json["copy"] },
            copy => Assert.Equal("[length(variables('endpoints'))]", ArmTemplate.Text(copy?["count"])));
    }

    [Fact]
    public void NetworkModule_IsDeployedOnlyWithNetworkIsolation_AndFeedsTheAppSubnet()
    {
        var main = infra.RequireMain();
        var network = main.OfType("Microsoft.Resources/deployments").Single(d => d.Name == "network");
        Assert.Equal("[parameters('networkIsolation')]", ArmTemplate.Text(network.Json["condition"]));
        var app = main.OfType("Microsoft.Resources/deployments").Single(d => d.Name == "functionapp");
        Assert.Contains("reference('network').outputs.appSubnetId.value", ArmTemplate.Text(app.Properties?["parameters"]?["subnetId"]), StringComparison.Ordinal);
        foreach (var module in new[] { "storage", "keyvault" })
        {
            var passed = main.OfType("Microsoft.Resources/deployments").Single(d => d.Name == module).Properties?["parameters"];
            Assert.Equal("[parameters('networkIsolation')]", ArmTemplate.Text(passed?["networkIsolation"]?["value"]));
            Assert.Equal("[parameters('adminIpRanges')]", ArmTemplate.Text(passed?["adminIpRanges"]?["value"]));
        }
    }

    [Theory]
    [InlineData("dev.bicepparam")]
    [InlineData("prod.bicepparam")]
    public void ParameterExamples_LeaveNetworkIsolationOff(string file)
    {
        var parameters = JsonNode.Parse(File.ReadAllText(infra.ParametersJsonPath(file)))?["parameters"];
        Assert.False(parameters?["networkIsolation"]?["value"]?.GetValue<bool>() ?? true, $"{file} must set networkIsolation = false.");
    }

    /// <summary>Without ROTATION_ALERT_EMAIL the parameter files do not build: no deployment sends its alerts to a placeholder.</summary>
    [Theory]
    [InlineData("dev.bicepparam")]
    [InlineData("prod.bicepparam")]
    public async Task ParameterFile_WithoutTheAlertAddress_DoesNotBuild(string file)
    {
        var environment = BicepCli.DeployEnvironment.Where(e => e.Key != "ROTATION_ALERT_EMAIL").ToDictionary();
        var result = await BicepCli.RunAsync(BuildInfo.InfraDirectory, environment, "build-params", file, "--stdout");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ROTATION_ALERT_EMAIL", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", File.ReadAllText(Path.Combine(BuildInfo.InfraDirectory, file)), StringComparison.Ordinal);
    }

    /// <summary>The options off in the examples still type-check when turned on: isolation with admin ranges, SMTP, an e-mail domain.</summary>
    [Fact]
    public async Task EveryOptionTurnedOn_BuildsParams()
    {
        // In a copy of infra/, so no other test (lint, the registry check) ever sees the extra file.
        var copy = Path.Combine(Path.GetTempPath(), "rotation-infra-all-on", Guid.NewGuid().ToString("N"));
        foreach (var source in Directory.EnumerateFiles(BuildInfo.InfraDirectory, "*.bicep*", SearchOption.AllDirectories).Append(Path.Combine(BuildInfo.InfraDirectory, "bicepconfig.json")))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(BuildInfo.InfraDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        var file = Path.Combine(copy, "all-on.bicepparam");
        await File.WriteAllTextAsync(file, """
            using './main.bicep'
            param environmentName = 'prod'
            param alertEmailAddress = 'ops@rotation.test'
            param keyVaultRoleId = '00000000-0000-4000-8000-000000000001'
            param networkIsolation = true
            param adminIpRanges = ['198.51.100.0/24', '203.0.113.7']
            param portalPublicBaseUrl = 'https://rotation.example.se'
            param noticeSender = 'Smtp'
            param noticeFrom = 'rotation@example.se'
            param smtpHost = 'smtp.azurecomm.net'
            param smtpUsername = 'acs-rotation.app.tenant'
            param emailDomainName = 'rotation.example.se'
            param emailDomainVerified = true
            param emailSenderRoleId = '00000000-0000-4000-8000-000000000002'
            """);
        try
        {
            var result = await BicepCli.RunAsync(copy, "build-params", "all-on.bicepparam", "--stdout");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void EmailModule_IsDeployedOnlyWithAnEmailDomain()
    {
        var email = infra.RequireMain().OfType("Microsoft.Resources/deployments").Single(d => d.Name == "email");
        Assert.Equal("[variables('hasEmail')]", ArmTemplate.Text(email.Json["condition"]));
    }

    private JsonObject Module(string name) =>
        (JsonObject)infra.RequireMain().OfType("Microsoft.Resources/deployments").Single(d => d.Name == name).Properties!["template"]!;

    private static IReadOnlyList<string> Check(ArmTemplate template, string name)
    {
        var expectation = Expectations[name];
        var resource = template.OfType(expectation.Type).FirstOrDefault();
        if (resource is null)
        {
            return [$"{name}: the template declares no {expectation.Type}."];
        }

        var actual = expectation.Path.Split('.').Aggregate((JsonNode?)resource.Json, (node, part) => node?[part]);
        return expectation.Path.EndsWith("subnets", StringComparison.Ordinal)
            ? DelegationOf(actual) == "Microsoft.App/environments" ? [] : [$"{name}: {expectation.Path} has no app subnet delegated to Microsoft.App/environments."]
            : JsonNode.DeepEquals(actual, expectation.Expected) ? []
            : [$"{name}: {resource.Describe()} {expectation.Path} must be {ArmTemplate.Text(expectation.Expected)}; found {ArmTemplate.Text(actual)}."];
    }

    private static string? DelegationOf(JsonNode? subnets) =>
        (subnets as JsonArray)?.FirstOrDefault(s => s?["name"]?.GetValue<string>() == "app")?["properties"]?["delegations"]?[0]?["properties"]?["serviceName"]?.GetValue<string>();

    private static JsonArray Subnets() => [];
}

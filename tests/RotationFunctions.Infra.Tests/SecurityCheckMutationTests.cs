using System.Text.Json.Nodes;
using RotationFunctions.Infra.Tests.Checks;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// The checks catch what they claim to: each security property removed from (or weakened in)
/// a copy of the compiled template makes its check fail with a message naming the property,
/// while the untouched template passes. One test also recompiles a mutated copy of infra/.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class SecurityCheckMutationTests(CompiledInfraFixture infra)
{
    private sealed record Mutation(
        Func<ArmTemplate, IReadOnlyList<string>> Check, string ResourceType, string Path, JsonNode? NewValue, string ExpectedInMessage);

    private static readonly Dictionary<string, Mutation> Mutations = new()
    {
        ["httpsOnly removed"] = new(SecurityChecks.FunctionAppHttpsOnly, SecurityChecks.Sites, "properties.httpsOnly", null, "httpsOnly"),
        ["httpsOnly false"] = new(SecurityChecks.FunctionAppHttpsOnly, SecurityChecks.Sites, "properties.httpsOnly", false, "httpsOnly"),
        ["minTlsVersion 1.0"] = new(SecurityChecks.FunctionAppMinimumTls12, SecurityChecks.Sites, "properties.siteConfig.minTlsVersion", "1.0", "minTlsVersion"),
        ["ftpsState AllAllowed"] = new(SecurityChecks.FunctionAppFtpsDisabled, SecurityChecks.Sites, "properties.siteConfig.ftpsState", "AllAllowed", "ftpsState"),
        ["ftpsState removed"] = new(SecurityChecks.FunctionAppFtpsDisabled, SecurityChecks.Sites, "properties.siteConfig.ftpsState", null, "ftpsState"),
        ["system-assigned identity"] = new(SecurityChecks.FunctionAppUserAssignedIdentity, SecurityChecks.Sites, "identity", new JsonObject { ["type"] = "SystemAssigned" }, "user-assigned"),
        ["runtime version 8.0"] = new(SecurityChecks.FunctionAppFlexConsumptionDotnetIsolated10, SecurityChecks.Sites, "properties.functionAppConfig.runtime.version", "8.0", "runtime.version"),
        ["runtime node"] = new(SecurityChecks.FunctionAppFlexConsumptionDotnetIsolated10, SecurityChecks.Sites, "properties.functionAppConfig.runtime.name", "node", "runtime.name"),
        ["deployment by connection string"] = new(SecurityChecks.FunctionAppFlexConsumptionDotnetIsolated10, SecurityChecks.Sites, "properties.functionAppConfig.deployment.storage.authentication.type", "StorageAccountConnectionString", "authentication.type"),
        ["plan Y1"] = new(SecurityChecks.FunctionAppFlexConsumptionDotnetIsolated10, SecurityChecks.ServerFarms, "sku", new JsonObject { ["name"] = "Y1", ["tier"] = "Dynamic" }, "sku.tier"),
        ["scm basic auth allowed"] = new(SecurityChecks.FunctionAppBasicPublishingDisabled, SecurityChecks.PublishingPolicies, "properties.allow", true, "properties.allow"),
        ["allowSharedKeyAccess removed"] = new(SecurityChecks.StorageSharedKeyAccessDisabled, SecurityChecks.StorageAccounts, "properties.allowSharedKeyAccess", null, "allowSharedKeyAccess"),
        ["allowSharedKeyAccess true"] = new(SecurityChecks.StorageSharedKeyAccessDisabled, SecurityChecks.StorageAccounts, "properties.allowSharedKeyAccess", true, "allowSharedKeyAccess"),
        ["allowBlobPublicAccess removed"] = new(SecurityChecks.StorageBlobPublicAccessDisabled, SecurityChecks.StorageAccounts, "properties.allowBlobPublicAccess", null, "allowBlobPublicAccess"),
        ["storage TLS1_0"] = new(SecurityChecks.StorageMinimumTls12, SecurityChecks.StorageAccounts, "properties.minimumTlsVersion", "TLS1_0", "minimumTlsVersion"),
        ["storage http allowed"] = new(SecurityChecks.StorageHttpsOnly, SecurityChecks.StorageAccounts, "properties.supportsHttpsTrafficOnly", false, "supportsHttpsTrafficOnly"),
        ["vault access policies"] = new(SecurityChecks.KeyVaultRbacAuthorization, SecurityChecks.KeyVaults, "properties.enableRbacAuthorization", false, "enableRbacAuthorization"),
        ["vault soft delete removed"] = new(SecurityChecks.KeyVaultSoftDelete, SecurityChecks.KeyVaults, "properties.enableSoftDelete", null, "enableSoftDelete"),
        ["vault purge protection removed"] = new(SecurityChecks.KeyVaultPurgeProtection, SecurityChecks.KeyVaults, "properties.enablePurgeProtection", null, "enablePurgeProtection"),
        ["vault purge protection from a parameter"] = new(SecurityChecks.KeyVaultPurgeProtection, SecurityChecks.KeyVaults, "properties.enablePurgeProtection", "[parameters('purgeProtection')]", "enablePurgeProtection"),
    };

    public static TheoryData<string> MutationNames => new(Mutations.Keys);

    [Theory]
    [MemberData(nameof(MutationNames))]
    public void WeakenedProperty_FailsItsCheck(string mutationName)
    {
        var mutation = Mutations[mutationName];
        var original = infra.RequireMain();
        Assert.Empty(mutation.Check(original));

        var mutated = original.Clone();
        var resource = mutated.OfType(mutation.ResourceType).First();
        Set(resource.Json, mutation.Path, mutation.NewValue?.DeepClone());

        var violations = mutation.Check(mutated);
        Assert.True(violations.Count > 0, $"'{mutationName}' was not reported.");
        Assert.Contains(violations, v => v.Contains(mutation.ExpectedInMessage, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc==;EndpointSuffix=core.windows.net")]
    [InlineData("https://st.blob.core.windows.net/c?sv=2024-01-01&sig=abc")]
    [InlineData("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2025-01-01').keys[0].value]")]
    [InlineData("Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abc")]
    public void SecretInAnAppSetting_FailsTheSecretCheck(string value)
    {
        var mutated = infra.RequireMain().Clone();
        var site = mutated.OfType(SecurityChecks.Sites).First();
        ((JsonArray)site.Json["properties"]!["siteConfig"]!["appSettings"]!).Add(new JsonObject { ["name"] = "Leaky", ["value"] = value });

        var violations = SecurityChecks.AppSettingsHoldNoSecrets(mutated);
        Assert.Contains(violations, v => v.Contains("'Leaky'", StringComparison.Ordinal));
    }

    [Fact]
    public void SecretPassedIntoTheModule_FailsTheSecretCheck()
    {
        var mutated = infra.RequireMain().Clone();
        var module = mutated.OfType("Microsoft.Resources/deployments").Single(d => d.Name == "functionapp");
        module.Properties!["parameters"]!["keyVaultUri"] = new JsonObject
        {
            ["value"] = "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', 'st', listKeys('st', '2025-01-01').keys[0].value)]",
        };

        Assert.Contains(SecurityChecks.AppSettingsHoldNoSecrets(mutated), v => v.Contains("KeyVault__VaultUri", StringComparison.Ordinal));
        Assert.NotEmpty(SecurityChecks.NoKeyListingAnywhere(mutated));
    }

    [Fact]
    public void OwnerAssignment_FailsThePrivilegedRoleCheck_AndTheAppRoleCheck()
    {
        var mutated = infra.RequireMain().Clone();
        var assignment = mutated.OfType(RoleChecks.RoleAssignmentType)
            .First(a => a.Properties?["principalId"]?.GetValue<string>() == "[parameters('appPrincipalId')]");
        assignment.Properties!["roleDefinitionId"] =
            $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{Roles.Owner}')]";

        Assert.Contains(RoleChecks.NoPrivilegedRoles(mutated), v => v.Contains("Owner", StringComparison.Ordinal));
        var roleViolations = RoleChecks.ExactRoles(mutated, RoleChecks.App, "ServicePrincipal", RoleAssignmentTests.AppRoles);
        Assert.Contains(roleViolations, v => v.Contains("unexpected role: Owner", StringComparison.Ordinal));
    }

    /// <summary>Seen failing: the queue loop widened to the account (scope) fails the exact-roles check.</summary>
    [Fact]
    public void QueueRoleOnTheWholeAccount_FailsTheAppRoleCheck()
    {
        var mutated = infra.RequireMain().Clone();
        var queueRoles = mutated.OfType(RoleChecks.RoleAssignmentType).Single(a => a.Json["copy"]?["count"]?.ToJsonString().Contains("queueAssignments", StringComparison.Ordinal) == true);
        queueRoles.Json["scope"] = "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]";

        Assert.Contains(RoleChecks.ExactRoles(mutated, RoleChecks.App, "ServicePrincipal", RoleAssignmentTests.AppRoles),
            v => v.Contains("lacks Storage Queue Data Message Processor on queues/handovers", StringComparison.Ordinal));
    }

    [Fact]
    public void SecretsOfficerOnTheVault_FailsThePrivilegedRoleCheck()
    {
        var mutated = infra.RequireMain().Clone();
        var vaultRole = mutated.OfType(RoleChecks.RoleAssignmentType).First(a => a.Name.Contains("keyVaultRoleId", StringComparison.Ordinal));
        vaultRole.Properties!["roleDefinitionId"] = $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{Roles.KeyVaultSecretsOfficer}')]";

        Assert.Contains(RoleChecks.NoPrivilegedRoles(mutated), v => v.Contains("Key Vault Secrets Officer", StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignmentNamedByAConstant_FailsTheGuidNameCheck()
    {
        var mutated = infra.RequireMain().Clone();
        var assignment = mutated.OfType(RoleChecks.RoleAssignmentType).First();
        assignment.Json["name"] = "[guid(resourceGroup().id)]";

        Assert.NotEmpty(RoleChecks.NamesAreDeterministicGuids(mutated));
    }

    [Fact]
    public void DeletedKeyVault_FailsTheKeyVaultChecks_InsteadOfPassingVacuously()
    {
        var mutated = infra.RequireMain().Clone();
        var vault = mutated.OfType(SecurityChecks.KeyVaults).Single();
        vault.Json["type"] = "Microsoft.Example/removed";

        Assert.Contains(SecurityChecks.KeyVaultPurgeProtection(mutated), v => v.Contains("no Microsoft.KeyVault/vaults", StringComparison.Ordinal));
    }

    /// <summary>End to end: remove `allowSharedKeyAccess: false` from a copy of infra/, recompile, and the check reports it.</summary>
    [Fact]
    public async Task RecompiledInfra_WithoutAllowSharedKeyAccess_FailsTheSharedKeyCheck()
    {
        var copy = Path.Combine(Path.GetTempPath(), "rotation-infra-mutated", Guid.NewGuid().ToString("N"));
        try
        {
            CopyDirectory(BuildInfo.InfraDirectory, copy);
            var storageBicep = Path.Combine(copy, "modules", "storage.bicep");
            var text = await File.ReadAllTextAsync(storageBicep);
            const string line = "    allowSharedKeyAccess: false\n";
            Assert.Contains(line, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(storageBicep, text.Replace(line, "", StringComparison.Ordinal));

            var output = Path.Combine(copy, "main.json");
            var build = await BicepCli.RunAsync(copy, "build", "main.bicep", "--outfile", output);
            Assert.True(build.ExitCode == 0, build.ToString());

            var violations = SecurityChecks.StorageSharedKeyAccessDisabled(ArmTemplate.Load(output));
            Assert.Contains(violations, v => v.Contains("allowSharedKeyAccess", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(copy))
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = (JsonObject)parent[part]!;
        }

        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, target, StringComparison.Ordinal));
        }
    }
}

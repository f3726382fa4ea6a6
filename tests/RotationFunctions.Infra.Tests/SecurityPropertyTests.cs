using RotationFunctions.Infra.Tests.Checks;

namespace RotationFunctions.Infra.Tests;

/// <summary>Each security property of the compiled template, one named test each.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed partial class SecurityPropertyTests(CompiledInfraFixture infra)
{
    [Fact]
    public void FunctionApp_IsHttpsOnly() => AssertHolds(SecurityChecks.FunctionAppHttpsOnly);

    [Fact]
    public void FunctionApp_RequiresTls12OrNewer() => AssertHolds(SecurityChecks.FunctionAppMinimumTls12);

    [Fact]
    public void FunctionApp_HasFtpsDisabled() => AssertHolds(SecurityChecks.FunctionAppFtpsDisabled);

    [Fact]
    public void FunctionApp_HasBasicPublishingCredentialsDisabled() => AssertHolds(SecurityChecks.FunctionAppBasicPublishingDisabled);

    [Fact]
    public void FunctionApp_RunsAsOneUserAssignedIdentity() => AssertHolds(SecurityChecks.FunctionAppUserAssignedIdentity);

    [Fact]
    public void FunctionApp_IsFlexConsumption_DotnetIsolated10() => AssertHolds(SecurityChecks.FunctionAppFlexConsumptionDotnetIsolated10);

    [Fact]
    public void Storage_HasSharedKeyAccessDisabled() => AssertHolds(SecurityChecks.StorageSharedKeyAccessDisabled);

    [Fact]
    public void Storage_HasBlobPublicAccessDisabled() => AssertHolds(SecurityChecks.StorageBlobPublicAccessDisabled);

    [Fact]
    public void Storage_RequiresTls12OrNewer() => AssertHolds(SecurityChecks.StorageMinimumTls12);

    [Fact]
    public void Storage_IsHttpsOnly() => AssertHolds(SecurityChecks.StorageHttpsOnly);

    [Fact]
    public void KeyVault_UsesRbacAuthorization() => AssertHolds(SecurityChecks.KeyVaultRbacAuthorization);

    [Fact]
    public void KeyVault_HasSoftDelete() => AssertHolds(SecurityChecks.KeyVaultSoftDelete);

    [Fact]
    public void KeyVault_HasPurgeProtection() => AssertHolds(SecurityChecks.KeyVaultPurgeProtection);

    [Fact]
    public void AppSettings_HoldNoSecret() => AssertHolds(SecurityChecks.AppSettingsHoldNoSecrets);

    [Fact]
    public void Template_ListsNoKeys() => AssertHolds(SecurityChecks.NoKeyListingAnywhere);

    [Fact]
    public void Outputs_CarryNoSecretLookingValue()
    {
        var template = infra.RequireMain();
        var suspicious = (template.Root["outputs"]?.AsObject() ?? [])
            .Where(o => SecretLikeOutputName().IsMatch(o.Key)
                        || SecretLikeOutputValue().IsMatch(ArmTemplate.Text(o.Value?["value"]))
                        || ArmTemplate.Text(o.Value?["type"]) is "securestring" or "secureObject")
            .Select(o => $"{o.Key} = {ArmTemplate.Text(o.Value?["value"])}")
            .ToList();
        Assert.True(suspicious.Count == 0, $"main.bicep outputs that look like secrets: {string.Join("; ", suspicious)}");
    }

    private void AssertHolds(Func<ArmTemplate, IReadOnlyList<string>> check)
    {
        var violations = check(infra.RequireMain());
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [GeneratedRegex("secret|password|connectionstring|sas|accesskey|accountkey|instrumentationkey|keys?$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeOutputName();

    [GeneratedRegex(@"list[A-Za-z]*\(|ConnectionString|/secrets/", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeOutputValue();
}

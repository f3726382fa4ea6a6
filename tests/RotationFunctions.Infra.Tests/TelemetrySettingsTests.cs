using System.Reflection;
using RotationFunctions.Infra.Tests.Checks;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// The settings issue 18 added, and the reverse of AppSettingsTests: every app setting infra/ gives the app is
/// one the code reads (an AppSettingNames constant, a platform setting, or a property of an options class
/// reached through its section), so a renamed option cannot leave a dead setting behind.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class TelemetrySettingsTests(CompiledInfraFixture infra)
{
    /// <summary>Settings the Functions platform or the Application Insights SDK reads, not our code.</summary>
    private static readonly string[] PlatformSettings =
    [
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", .. AppSettingNames.WebJobsStorage,
    ];

    /// <summary>Configuration sections of the core's options classes.</summary>
    private static readonly Dictionary<string, Type> Sections = new()
    {
        [RotationFunctions.Storage.StorageNames.Section] = typeof(RotationFunctions.Storage.StorageNames),
        [RotationFunctions.Notices.NoticeOptions.Section] = typeof(RotationFunctions.Notices.NoticeOptions),
        [RotationFunctions.Portal.PortalOptions.Section] = typeof(RotationFunctions.Portal.PortalOptions),
        [RotationFunctions.Storage.StorageOptions.Section] = typeof(RotationFunctions.Storage.StorageOptions),
        [RotationFunctions.Storage.KeyVaultOptions.Section] = typeof(RotationFunctions.Storage.KeyVaultOptions),
        [RotationFunctions.Channels.X.XOptions.SectionName] = typeof(RotationFunctions.Channels.X.XOptions),
    };

    [Fact]
    public void ApplicationInsightsAuthenticationString_UsesTheAppIdentity()
    {
        var value = Value("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", value);
    }

    [Theory]
    [InlineData("Portal__PublicBaseUrl", "[if(empty(parameters('portalPublicBaseUrl')), format('https://{0}.azurewebsites.net', parameters('name')), parameters('portalPublicBaseUrl'))]")]
    [InlineData("Names__PortalKeySecret", "portal-key")]
    [InlineData("Notices__Sender", "[parameters('noticeSender')]")]
    [InlineData("Notices__Smtp__Password", "[if(empty(parameters('smtpUsername')), '', format('@Microsoft.KeyVault(VaultName={0};SecretName=smtp-password)', variables('vaultName')))]")]
    public void Setting_CompilesTo(string name, string expected) => Assert.Equal(expected, Value(name));

    [Fact]
    public void PortalKeySecretSetting_IsTheCodesDefault() =>
        Assert.Equal(RotationFunctions.Storage.StorageNames.Default.PortalKeySecret, Value("Names__PortalKeySecret"));

    [Fact]
    public void EveryAppSetting_IsOneTheCodeOrThePlatformReads()
    {
        var known = typeof(AppSettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Concat(PlatformSettings).ToHashSet();
        var unknown = SecurityChecks.AppSettings(infra.RequireMain()).Select(s => s.Name)
            .Where(n => !known.Contains(n) && !ReachesAnOption(n))
            .ToList();
        Assert.True(unknown.Count == 0, $"App settings no code reads: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("Notices__Smtp__Hostname")]
    [InlineData("Portal__BaseUrl")]
    [InlineData("Teams__WebhookUrl")]
    public void AMisspelledSetting_IsNotOneTheCodeReads(string name) => Assert.False(ReachesAnOption(name));

    /// <summary>Section__Property[__Property...] names a settable property of the section's options class.</summary>
    private static bool ReachesAnOption(string setting)
    {
        var parts = setting.Split("__");
        if (parts.Length < 2 || !Sections.TryGetValue(parts[0], out var type))
        {
            return false;
        }

        foreach (var part in parts[1..])
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return true;
    }

    private string Value(string name)
    {
        var setting = SecurityChecks.AppSettings(infra.RequireMain()).SingleOrDefault(s => s.Name == name);
        Assert.True(setting.Site is not null, $"The Function App has no app setting '{name}'.");
        return ArmTemplate.Text(setting.Value);
    }
}

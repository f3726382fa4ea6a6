using Azure.Identity;

namespace RotationFunctions.Tests.Storage;

/// <summary>Issue 18: in Azure the app signs in only as its user-assigned identity; elsewhere an admin's own login works.</summary>
public sealed class CredentialTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void On_the_Functions_platform_the_credential_is_the_managed_identity_only()
    {
        var credential = AzureClientsExtensions.CreateCredential(Settings(
            (AzureClientsExtensions.HostedSiteSetting, "func-rotation-prod"), (AppSettingNames.ManagedIdentityClientId, "00000000-0000-0000-0000-000000000003")));

        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Fact]
    public void On_the_Functions_platform_without_the_client_id_it_stops_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AzureClientsExtensions.CreateCredential(Settings((AzureClientsExtensions.HostedSiteSetting, "func-rotation-prod"))));
        Assert.Contains(AppSettingNames.ManagedIdentityClientId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locally_and_in_the_CLI_the_developers_login_is_used()
    {
        Assert.IsType<DefaultAzureCredential>(AzureClientsExtensions.CreateCredential(Settings()));
        Assert.IsType<DefaultAzureCredential>(AzureClientsExtensions.CreateCredential(Settings((AppSettingNames.ManagedIdentityClientId, "00000000-0000-0000-0000-000000000003"))));
    }
}

using Azure;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// Key Vault's refusals of writes, through the real SecretClient: 409 Conflict for a name that is deleted but
/// recoverable (soft delete, recover, purge), and 403 Forbidden for writes that RBAC or a policy denies.
/// </summary>
public sealed class KeyVaultStandInRefusalTests : KeyVaultStandInTestBase
{
    private const string Name = "x-tokens-acme";

    [Fact]
    public async Task Setting_a_deleted_but_recoverable_name_is_409_Conflict_until_it_is_recovered()
    {
        var client = Client();
        var v1 = (await client.SetSecretAsync(Name, "one")).Value;

        var operation = await client.StartDeleteSecretAsync(Name);
        var deleted = (await operation.WaitForCompletionAsync()).Value;
        Assert.Equal(new Uri(Vault.VaultUri, $"deletedsecrets/{Name}"), deleted.RecoveryId);
        Assert.Equal(Start, deleted.DeletedOn);
        Assert.Equal(Start.AddDays(90), deleted.ScheduledPurgeDate);
        Assert.Equal(v1.Properties.Version, deleted.Properties.Version);
        Assert.Null(deleted.Value);
        Assert.True(Vault.IsSoftDeleted(Name));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(Name))).Status);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name, "two"));

        Assert.Equal((409, "Conflict"), (ex.Status, ex.ErrorCode));
        AssertError(ex, "Conflict", "ObjectIsDeletedButRecoverable",
            $"Secret {Name} is currently in a deleted but recoverable state, and its name cannot be reused; " +
            "in this state, the secret can only be recovered or purged.");
        Assert.Empty(Vault.GetVersions(Name));

        await (await client.StartRecoverDeletedSecretAsync(Name)).WaitForCompletionAsync();
        Assert.False(Vault.IsSoftDeleted(Name));
        Assert.Equal("one", (await client.GetSecretAsync(Name)).Value.Value);
        await client.SetSecretAsync(Name, "two");
        Assert.Equal(["one", "two"], Vault.GetVersions(Name).Select(v => v.Value));
    }

    [Fact]
    public async Task Purging_a_deleted_secret_frees_its_name()
    {
        var client = Client();
        await client.SetSecretAsync(Name, "one");
        Assert.True(Vault.SoftDelete(Name));
        Assert.False(Vault.SoftDelete(Name));
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name, "two"))).Status);

        await client.PurgeDeletedSecretAsync(Name);

        Assert.False(Vault.IsSoftDeleted(Name));
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(Name));
        Assert.Equal((404, "SecretNotFound"), (gone.Status, gone.ErrorCode));
        AssertError(gone, "SecretNotFound", null, $"Deleted Secret not found: {Name}");
        await client.SetSecretAsync(Name, "two");
        Assert.Equal("two", Assert.Single(Vault.GetVersions(Name)).Value);
    }

    [Fact]
    public async Task Recover_brings_a_deleted_secret_back_with_its_versions_as_the_recover_request_does()
    {
        var client = Client();
        await client.SetSecretAsync(Name, "one");
        Assert.False(Vault.Recover(Name));
        Vault.SoftDelete(Name);

        Assert.True(Vault.Recover(Name));

        Assert.False(Vault.IsSoftDeleted(Name));
        Assert.Equal("one", (await client.GetSecretAsync(Name)).Value.Value);
        await client.SetSecretAsync(Name, "two");
        Assert.Equal(["one", "two"], Vault.GetVersions(Name).Select(v => v.Value));
    }

    [Fact]
    public async Task A_deleted_secret_is_purged_at_its_scheduled_purge_date()
    {
        var client = Client();
        await client.SetSecretAsync(Name, "one");
        Vault.SoftDelete(Name);

        Time.Advance(TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1));
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name, "two"))).Status);

        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Vault.IsSoftDeleted(Name));
        await client.SetSecretAsync(Name, "two");
        Assert.Equal("two", Assert.Single(Vault.GetVersions(Name)).Value);
    }

    [Fact]
    public async Task Denied_writes_are_403_ForbiddenByRbac_and_change_nothing_while_reads_still_work()
    {
        var client = Client();
        var stored = (await client.SetSecretAsync(Name, "one")).Value;
        Vault.DenyWrites();
        Time.Advance(TimeSpan.FromMinutes(1));

        var set = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name, "two"));
        AssertRbac(set, "setSecret/action");

        // A tag update is a write too (the app may use one as a write-ahead probe).
        stored.Properties.Tags["probe"] = "1";
        var update = await Assert.ThrowsAsync<RequestFailedException>(() => client.UpdateSecretPropertiesAsync(stored.Properties));
        AssertRbac(update, "update/action");

        AssertRbac(await Assert.ThrowsAsync<RequestFailedException>(() => client.StartDeleteSecretAsync(Name)), "delete");

        var kept = Assert.Single(Vault.GetVersions(Name));
        Assert.Equal(("one", 0, Start), (kept.Value, kept.Tags.Count, kept.Updated));
        Assert.False(Vault.IsSoftDeleted(Name));
        Assert.Equal("one", (await client.GetSecretAsync(Name)).Value.Value);

        Vault.AllowWrites();
        await client.UpdateSecretPropertiesAsync(stored.Properties);
        await client.SetSecretAsync(Name, "two");
        Assert.Equal(["one", "two"], Vault.GetVersions(Name).Select(v => v.Value));
        Assert.Equal("1", Vault.GetVersions(Name)[0].Tags["probe"]);
    }

    [Fact]
    public async Task A_policy_denial_for_one_secret_refuses_its_writes_only()
    {
        var client = Client();
        var stored = (await client.SetSecretAsync(Name, "one")).Value;
        Vault.DenyWrites(Name, KeyVaultDenial.Policy);

        var set = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name.ToUpperInvariant(), "two"));
        Assert.Equal((403, "Forbidden"), (set.Status, set.ErrorCode));
        AssertError(set, "Forbidden", "ForbiddenByPolicy",
            $"Operation 'Microsoft.KeyVault/vaults/secrets/setSecret/action' on secret '{Name.ToUpperInvariant()}' " +
            "is denied by a policy assigned to vault 'kv-stand-in'.");
        stored.Properties.ContentType = "application/json";
        var update = await Assert.ThrowsAsync<RequestFailedException>(() => client.UpdateSecretPropertiesAsync(stored.Properties));
        AssertError(update, "Forbidden", "ForbiddenByPolicy",
            $"Operation 'Microsoft.KeyVault/vaults/secrets/update/action' on secret '{Name}' is denied by a policy assigned to vault 'kv-stand-in'.");

        await client.SetSecretAsync("x-tokens-other", "fine");

        Assert.Null(Assert.Single(Vault.GetVersions(Name)).ContentType);
        Assert.Single(Vault.GetVersions("x-tokens-other"));
    }

    [Fact]
    public async Task A_denial_comes_before_the_soft_delete_conflict_and_covers_recover_and_purge()
    {
        var client = Client();
        await client.SetSecretAsync(Name, "one");
        Vault.SoftDelete(Name);
        Vault.DenyWrites(Name);

        AssertRbac(await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name, "two")), "setSecret/action");
        AssertRbac(await Assert.ThrowsAsync<RequestFailedException>(() => client.StartRecoverDeletedSecretAsync(Name)), "recover/action");
        AssertRbac(await Assert.ThrowsAsync<RequestFailedException>(() => client.PurgeDeletedSecretAsync(Name)), "purge/action");
        Assert.True(Vault.IsSoftDeleted(Name));
        Assert.Equal(Start, (await client.GetDeletedSecretAsync(Name)).Value.DeletedOn);

        Vault.AllowWrites();
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(Name, "two"))).Status);
    }

    private static void AssertRbac(RequestFailedException ex, string action)
    {
        Assert.Equal((403, "Forbidden"), (ex.Status, ex.ErrorCode));
        AssertError(ex, "Forbidden", "ForbiddenByRbac",
            "Caller is not authorized to perform action on resource.\r\n" +
            "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
            $"Caller: appid=11111111-1111-1111-1111-111111111111;oid=22222222-2222-2222-2222-222222222222;iss=https://sts.windows.net/{KeyVaultStandIn.DefaultTenantId}/\r\n" +
            $"Action: 'Microsoft.KeyVault/vaults/secrets/{action}'\r\n" +
            $"Resource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-stand-in/providers/microsoft.keyvault/vaults/kv-stand-in/secrets/{Name}'\r\n" +
            "Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
            "Vault: kv-stand-in;location=swedencentral\r\n");
    }

    /// <summary>The raw body: {"error": {"code", "message", "innererror": {"code"}}}.</summary>
    private static void AssertError(RequestFailedException ex, string code, string? innerCode, string message)
    {
        using var body = JsonDocument.Parse(ex.GetRawResponse()!.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        if (innerCode is null)
        {
            Assert.False(error.TryGetProperty("innererror", out _));
        }
        else
        {
            Assert.Equal(innerCode, error.GetProperty("innererror").GetProperty("code").GetString());
        }
    }
}

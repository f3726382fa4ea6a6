using RotationFunctions.Infra.Tests.Checks;

namespace RotationFunctions.Infra.Tests;

/// <summary>Who gets which role: exactly the least roles that work, each on one resource, each named by guid().</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfraFixture infra)
{
    /// <summary>The app's identity: role definition GUID → the resource type it is scoped to.</summary>
    internal static readonly Dictionary<string, string> AppRoles = new()
    {
        // Storage Blob Data Owner: AzureWebJobsStorage (host blobs) and the Flex deployment package.
        [Roles.StorageBlobDataOwner] = "Microsoft.Storage/storageAccounts",
        // Storage Queue Data Contributor: the handovers queue and its poison queue.
        [Roles.StorageQueueDataContributor] = "Microsoft.Storage/storageAccounts",
        // Storage Table Data Contributor: Accounts, Schedule, Handovers.
        [Roles.StorageTableDataContributor] = "Microsoft.Storage/storageAccounts",
        // Key Vault Secrets Officer: writes rotated token bundles (setSecret: the write-ahead version and the new bundle).
        [Roles.KeyVaultSecretsOfficer] = "Microsoft.KeyVault/vaults",
    };

    /// <summary>The optional admin group.</summary>
    internal static readonly Dictionary<string, string> AdminRoles = new()
    {
        // Storage Table Data Contributor: edit the schedule.
        [Roles.StorageTableDataContributor] = "Microsoft.Storage/storageAccounts",
        // Key Vault Secrets Officer: `rotation x authorize` writes the client credentials and first tokens.
        [Roles.KeyVaultSecretsOfficer] = "Microsoft.KeyVault/vaults",
        // Storage Blob Data Contributor, on the lease container only: `rotation x authorize` takes the account's rotation lease.
        [Roles.StorageBlobDataContributor] = "Microsoft.Storage/storageAccounts/blobServices/containers",
    };

    [Fact]
    public void AppIdentity_HasExactlyTheExpectedRoles()
    {
        var violations = RoleChecks.ExactRoles(infra.RequireMain(), RoleChecks.AppPrincipal, "ServicePrincipal", AppRoles);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void AppPrincipal_IsTheUserAssignedIdentityTheAppRunsAs()
    {
        var rbac = infra.RequireMain().OfType("Microsoft.Resources/deployments").Single(d => d.Name == "rbac");
        var passed = rbac.Properties?["parameters"]?["appPrincipalId"]?["value"]?.GetValue<string>() ?? "";
        Assert.True(passed.Contains("'identity'", StringComparison.Ordinal) && passed.Contains("outputs.principalId", StringComparison.Ordinal),
            $"rbac's appPrincipalId must be the identity module's principalId output; it is {passed}.");
    }

    [Fact]
    public void AdminGroup_HasExactlyTheExpectedRoles_OnlyWhenGiven()
    {
        var template = infra.RequireMain();
        var violations = RoleChecks.ExactRoles(template, RoleChecks.AdminPrincipal, "Group", AdminRoles);
        Assert.True(violations.Count == 0, string.Join('\n', violations));

        foreach (var assignment in RoleChecks.Assignments(template).Where(a => a.Principal == RoleChecks.AdminPrincipal))
        {
            var condition = assignment.Resource.Json["condition"]?.GetValue<string>() ?? "";
            Assert.True(condition.Contains("adminGroupObjectId", StringComparison.Ordinal),
                $"The admin assignment {Roles.NameOf(assignment.RoleId)} must be conditional on adminGroupObjectId; condition is '{condition}'.");
        }
    }

    [Fact]
    public void EveryRoleAssignment_BelongsToTheAppOrTheAdminGroup()
    {
        var others = RoleChecks.Assignments(infra.RequireMain())
            .Where(a => a.Principal != RoleChecks.AppPrincipal && a.Principal != RoleChecks.AdminPrincipal)
            .Select(a => $"{Roles.NameOf(a.RoleId)} for {a.Principal} in module {a.Resource.ModuleName}")
            .ToList();
        Assert.True(others.Count == 0, $"Unexpected role assignments (all belong in rbac.bicep): {string.Join("; ", others)}");
    }

    [Fact]
    public void EveryRoleAssignment_IsNamedByGuidOfScopePrincipalAndRole()
    {
        var violations = RoleChecks.NamesAreDeterministicGuids(infra.RequireMain());
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void EveryRoleAssignment_IsInTheRbacModule()
    {
        var elsewhere = RoleChecks.Assignments(infra.RequireMain()).Where(a => a.Resource.ModuleName != "rbac").ToList();
        Assert.True(elsewhere.Count == 0,
            $"Role assignments outside modules/rbac.bicep: {string.Join(", ", elsewhere.Select(a => a.Resource.ModuleName))}");
    }

    [Fact]
    public void NoOwnerContributorOrUserAccessAdministrator_Anywhere()
    {
        var violations = RoleChecks.NoPrivilegedRoles(infra.RequireMain());
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }
}

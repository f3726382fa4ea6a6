using RotationFunctions.Infra.Tests.Checks;
using RotationFunctions.Storage;

namespace RotationFunctions.Infra.Tests;

/// <summary>Who gets which role: exactly the least roles that work, each on one table, queue, container or resource, each named by guid().</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfraFixture infra)
{
    private const string Account = "[parameters('storageAccountName')]";
    private static readonly StorageNames Names = StorageNames.Default;

    /// <summary>The app's identity, as <see cref="RoleAssignment.Key"/>s.</summary>
    internal static readonly string[] AppRoles =
    [
        // The host's identity-based AzureWebJobsStorage and the Flex package (documented as Owner); covers the app's containers.
        $"{Roles.NameOf(Roles.StorageBlobDataOwner)} on storageAccounts/{Account}",
        // The app writes every one of its tables, and no other.
        .. new[] { Names.AccountsTable, Names.ScheduleTable, Names.HandoversTable, Names.NoticesTable, Names.PortalLinksTable, Names.PostsTable, Names.PortalLimitsTable }
            .Select(t => $"{Roles.NameOf(Roles.StorageTableDataContributor)} on tables/{t}"),
        // Trigger queues: read, process, send (the planner); poison queues: send only (the host and the app move messages there).
        .. new[] { Names.HandoverQueue, Names.NoticeQueue }.SelectMany(q => new[]
        {
            $"{Roles.NameOf(Roles.StorageQueueDataReader)} on queues/{q}",
            $"{Roles.NameOf(Roles.StorageQueueDataMessageProcessor)} on queues/{q}",
            $"{Roles.NameOf(Roles.StorageQueueDataMessageSender)} on queues/{q}",
        }),
        $"{Roles.NameOf(Roles.StorageQueueDataMessageSender)} on queues/{Names.HandoverPoisonQueue}",
        $"{Roles.NameOf(Roles.StorageQueueDataMessageSender)} on queues/{Names.NoticePoisonQueue}",
        $"{Roles.NameOf(Roles.CustomKeyVault)} on vaults/[parameters('keyVaultName')]",
        $"{Roles.NameOf(Roles.MonitoringMetricsPublisher)} on components/[parameters('applicationInsightsName')]",
        $"{Roles.NameOf(Roles.CustomEmailSender)} on communicationServices/[parameters('communicationServiceName')]",
    ];

    /// <summary>The optional admin group: writes Accounts, Schedule, PortalLinks and the takedown audit in Posts, reads the rest, may take the lease.</summary>
    internal static readonly string[] AdminRoles =
    [
        .. new[] { Names.AccountsTable, Names.ScheduleTable, Names.PortalLinksTable, Names.PostsTable }
            .Select(t => $"{Roles.NameOf(Roles.StorageTableDataContributor)} on tables/{t}"),
        .. new[] { Names.HandoversTable, Names.NoticesTable, Names.PortalLimitsTable }
            .Select(t => $"{Roles.NameOf(Roles.StorageTableDataReader)} on tables/{t}"),
        $"{Roles.NameOf(Roles.CustomKeyVault)} on vaults/[parameters('keyVaultName')]",
        $"{Roles.NameOf(Roles.StorageBlobDataContributor)} on containers/{Names.LeaseContainer}",
    ];

    [Fact]
    public void AppIdentity_HasExactlyTheExpectedRoles()
    {
        var violations = RoleChecks.ExactRoles(infra.RequireMain(), RoleChecks.App, "ServicePrincipal", AppRoles);
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
        var violations = RoleChecks.ExactRoles(template, RoleChecks.Admin, "Group", AdminRoles).ToList();

        foreach (var assignment in RoleChecks.Assignments(template).Where(a => a.Principal == RoleChecks.Admin).Select(a => a.Resource).Distinct())
        {
            // A plain resource carries the condition; the table loop filters its list by it.
            var condition = assignment.Json["condition"]?.GetValue<string>() ?? "";
            var loopList = ArmTemplate.Text(assignment.Template["variables"]?["activeTableAssignments"]);
            if (!condition.Contains("hasAdmins", StringComparison.Ordinal) && !(assignment.Json["copy"] is not null && loopList.Contains("hasAdmins", StringComparison.Ordinal)))
            {
                violations.Add($"{assignment.Describe()} must exist only when adminGroupObjectId is given.");
            }
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void KeyVaultRole_IsTheCustomRole_NeverABuiltInOne()
    {
        var vaultRoles = RoleChecks.Assignments(infra.RequireMain()).Where(a => a.ScopeType == "Microsoft.KeyVault/vaults").ToList();
        Assert.Equal(2, vaultRoles.Count);
        Assert.All(vaultRoles, a => Assert.Equal(Roles.CustomKeyVault, a.Role));
    }

    [Fact]
    public void EveryTableAndQueue_TheAppUses_HasItsOwnScopedRole()
    {
        var scoped = RoleChecks.Assignments(infra.RequireMain()).Where(a => a.Principal == RoleChecks.App).Select(a => a.ScopeName).ToHashSet();
        var created = infra.RequireMain().Resources
            .Where(r => r.Type is "Microsoft.Storage/storageAccounts/tableServices/tables" or "Microsoft.Storage/storageAccounts/queueServices/queues")
            .Select(r => ArmTemplate.LastNameSegment(r.Name))
            .ToList();
        Assert.NotEmpty(created);
        Assert.All(created, name => Assert.True(scoped.Contains(name), $"{name} is created but the app has no role on it."));
    }

    [Fact]
    public void EveryRoleAssignment_BelongsToTheAppOrTheAdminGroup()
    {
        var others = RoleChecks.Assignments(infra.RequireMain())
            .Where(a => a.Principal != RoleChecks.App && a.Principal != RoleChecks.Admin)
            .Select(a => $"{a.Key} for {a.Principal} in module {a.Resource.ModuleName}")
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
    public void NoOwnerContributorAccessAdministratorOrBroadDataRole_Anywhere()
    {
        var violations = RoleChecks.NoPrivilegedRoles(infra.RequireMain());
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }
}

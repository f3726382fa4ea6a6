namespace RotationFunctions.Infra.Tests.Checks;

/// <summary>One role assignment as compiled: role definition GUID, principal expression, scope and name.</summary>
internal sealed record RoleAssignment(ArmResource Resource, string RoleId, string Principal, string PrincipalType, string Scope, string Name);

/// <summary>Built-in role definition GUIDs the tests talk about.</summary>
internal static class Roles
{
    public const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string Contributor = "b24988ac-6ff0-43a9-a5da-4c5a5b10cdd1";
    public const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    public static string NameOf(string roleId) => roleId switch
    {
        Owner => "Owner",
        Contributor => "Contributor",
        UserAccessAdministrator => "User Access Administrator",
        StorageBlobDataOwner => "Storage Blob Data Owner",
        StorageBlobDataContributor => "Storage Blob Data Contributor",
        StorageQueueDataContributor => "Storage Queue Data Contributor",
        StorageTableDataContributor => "Storage Table Data Contributor",
        KeyVaultSecretsOfficer => "Key Vault Secrets Officer",
        _ => $"role {roleId}",
    };
}

internal static partial class RoleChecks
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>The principal expression of the app's identity inside rbac.bicep.</summary>
    public const string AppPrincipal = "[parameters('appPrincipalId')]";

    /// <summary>The principal expression of the optional admin group inside rbac.bicep.</summary>
    public const string AdminPrincipal = "[parameters('adminGroupObjectId')]";

    public static IReadOnlyList<RoleAssignment> Assignments(ArmTemplate template) =>
        template.OfType(RoleAssignmentType).Select(r =>
        {
            var definition = r.Properties?["roleDefinitionId"]?.ToJsonString() ?? "";
            var guid = Guid().Match(definition);
            return new RoleAssignment(
                r,
                guid.Success ? guid.Value.ToLowerInvariant() : definition,
                r.Properties?["principalId"]?.GetValue<string>() ?? "",
                r.Properties?["principalType"]?.GetValue<string>() ?? "",
                r.Json["scope"]?.GetValue<string>() ?? "",
                r.Name);
        }).ToList();

    /// <summary>The principal has exactly these roles (by definition GUID), each on the expected scope type.</summary>
    public static IReadOnlyList<string> ExactRoles(
        ArmTemplate template, string principal, string principalType, IReadOnlyDictionary<string, string> expectedRoleScopes)
    {
        var assignments = Assignments(template).Where(a => a.Principal == principal).ToList();
        var violations = new List<string>();
        foreach (var (roleId, scopeType) in expectedRoleScopes)
        {
            var matching = assignments.Where(a => a.RoleId == roleId).ToList();
            if (matching.Count != 1)
            {
                violations.Add($"{principal} must have {Roles.NameOf(roleId)} ({roleId}) exactly once; found {matching.Count}.");
                continue;
            }

            var assignment = matching[0];
            if (!assignment.Scope.Contains(scopeType, StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{principal}: {Roles.NameOf(roleId)} must be scoped to one {scopeType} resource; scope is {Show(assignment.Scope)}.");
            }

            if (assignment.PrincipalType != principalType)
            {
                violations.Add($"{principal}: {Roles.NameOf(roleId)} must have principalType '{principalType}'; found '{assignment.PrincipalType}'.");
            }
        }

        foreach (var extra in assignments.Where(a => !expectedRoleScopes.ContainsKey(a.RoleId)))
        {
            violations.Add($"{principal} has an unexpected role: {Roles.NameOf(extra.RoleId)} ({extra.RoleId}) on {Show(extra.Scope)}.");
        }

        return violations;
    }

    /// <summary>Each assignment is named guid(scope id, principal id, role id), so re-deploying finds the same assignment.</summary>
    public static IReadOnlyList<string> NamesAreDeterministicGuids(ArmTemplate template)
    {
        var assignments = Assignments(template);
        if (assignments.Count == 0)
        {
            return ["The template declares no role assignment."];
        }

        return assignments
            .Where(a => !a.Name.StartsWith("[guid(", StringComparison.Ordinal)
                        || !a.Name.Contains(a.Principal.Trim('[', ']'), StringComparison.Ordinal)
                        || !a.Name.Contains(a.RoleId, StringComparison.OrdinalIgnoreCase)
                        || (a.Scope.Length > 0 && !a.Name.Contains(a.Scope.Trim('[', ']'), StringComparison.Ordinal)))
            .Select(a => $"Role assignment {Show(a.Name)} ({Roles.NameOf(a.RoleId)}) must be named guid(scope.id, principalId, roleId).")
            .ToList();
    }

    /// <summary>No Owner, Contributor or User Access Administrator anywhere in the template, by GUID.</summary>
    public static IReadOnlyList<string> NoPrivilegedRoles(ArmTemplate template)
    {
        var text = template.ToJsonString();
        return new[] { Roles.Owner, Roles.Contributor, Roles.UserAccessAdministrator }
            .Where(id => text.Contains(id, StringComparison.OrdinalIgnoreCase))
            .Select(id => $"The template mentions {Roles.NameOf(id)} ({id}): no deployment identity or group may get it.")
            .ToList();
    }

    private static string Show(string value) => value.Length == 0 ? "(none: the deployment's resource group)" : value;

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}

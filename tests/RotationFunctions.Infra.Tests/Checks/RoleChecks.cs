using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests.Checks;

/// <summary>
/// One role assignment as compiled, and as it resolves for one loop iteration: who (app or admin), which
/// role (a built-in GUID or "param:NAME" for a custom role passed in), on what (resource type and name).
/// </summary>
internal sealed record RoleAssignment(
    ArmResource Resource, string Principal, string Role, string ScopeType, string ScopeName, string Name, string Scope, string PrincipalType)
{
    public string Key => $"{Roles.NameOf(Role)} on {ScopeType.Split('/')[^1]}/{ScopeName}";
}

/// <summary>Role definition GUIDs the tests talk about.</summary>
internal static class Roles
{
    public const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string Contributor = "b24988ac-6ff0-43a9-a5da-4c5a5b10cdd1";
    public const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageQueueDataReader = "19e7f393-937e-4f77-808e-94535e297925";
    public const string StorageQueueDataMessageProcessor = "8a0f0c08-91a1-4084-bc3d-661d67233fed";
    public const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string StorageTableDataReader = "76199698-9eea-4c19-bc75-cec21354c6b6";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string CustomKeyVault = "param:keyVaultRoleId";
    public const string CustomEmailSender = "param:emailSenderRoleId";

    public static string NameOf(string roleId) => roleId switch
    {
        Owner => "Owner",
        Contributor => "Contributor",
        UserAccessAdministrator => "User Access Administrator",
        StorageBlobDataOwner => "Storage Blob Data Owner",
        StorageBlobDataContributor => "Storage Blob Data Contributor",
        StorageQueueDataContributor => "Storage Queue Data Contributor",
        StorageQueueDataReader => "Storage Queue Data Reader",
        StorageQueueDataMessageProcessor => "Storage Queue Data Message Processor",
        StorageQueueDataMessageSender => "Storage Queue Data Message Sender",
        StorageTableDataContributor => "Storage Table Data Contributor",
        StorageTableDataReader => "Storage Table Data Reader",
        KeyVaultSecretsOfficer => "Key Vault Secrets Officer",
        MonitoringMetricsPublisher => "Monitoring Metrics Publisher",
        CustomKeyVault => "custom Key Vault role",
        CustomEmailSender => "custom e-mail sender role",
        _ => $"role {roleId}",
    };
}

/// <summary>
/// Reads the role assignments of the compiled template the way ARM would expand them: a copy loop over a
/// variable list becomes one assignment per element, a role named through a variable or a parameter is
/// resolved to its GUID (or to "param:NAME" for the custom roles the deployment is given).
/// </summary>
internal static partial class RoleChecks
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    public const string App = "app";
    public const string Admin = "admin";

    public static IReadOnlyList<RoleAssignment> Assignments(ArmTemplate template)
    {
        var result = new List<RoleAssignment>();
        foreach (var r in template.OfType(RoleAssignmentType))
        {
            var variables = r.Template["variables"] as JsonObject ?? [];
            var copy = Text(r.Json["copy"]?["count"]);
            var loop = LoopVariable().Match(copy);
            var elements = loop.Success
                ? (variables[ListName(loop.Groups["name"].Value, variables)] as JsonArray ?? []).OfType<JsonObject>().Cast<JsonObject?>().ToList()
                : new List<JsonObject?> { null };
            foreach (var element in elements)
            {
                string Resolve(string expression) => ResolveExpression(expression, r, variables, element);
                var roleArgument = RoleArgument().Match(Text(r.Properties?["roleDefinitionId"]));
                var scope = Text(r.Json["scope"]);
                var scopeMatch = ScopeResourceId().Match(scope);
                result.Add(new RoleAssignment(
                    r,
                    Principal(Resolve(Text(r.Properties?["principalId"]))),
                    roleArgument.Success ? Resolve(roleArgument.Groups["arg"].Value) : Text(r.Properties?["roleDefinitionId"]),
                    scopeMatch.Success ? scopeMatch.Groups["type"].Value : "",
                    scopeMatch.Success ? Resolve(scopeMatch.Groups["args"].Value.Split(',')[^1].Trim()) : "",
                    r.Name,
                    scope,
                    Resolve(Text(r.Properties?["principalType"]))));
            }
        }

        return result;
    }

    /// <summary>The principal has exactly these assignments (by <see cref="RoleAssignment.Key"/>).</summary>
    public static IReadOnlyList<string> ExactRoles(ArmTemplate template, string principal, string principalType, IEnumerable<string> expected)
    {
        var assignments = Assignments(template).Where(a => a.Principal == principal).ToList();
        var actual = assignments.Select(a => a.Key).ToList();
        var expectedList = expected.ToList();
        var violations = expectedList.Except(actual).Select(k => $"{principal} lacks {k}.")
            .Concat(actual.Except(expectedList).Select(k => $"{principal} has an unexpected role: {k}."))
            .Concat(actual.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => $"{principal} has {g.Key} {g.Count()} times."))
            .ToList();
        violations.AddRange(assignments.Where(a => a.PrincipalType != principalType)
            .Select(a => $"{principal}: {a.Key} must have principalType '{principalType}'; found '{a.PrincipalType}'."));
        return violations;
    }

    /// <summary>Each assignment is named guid(scope id, principal id, role id), so re-deploying finds the same assignment.</summary>
    public static IReadOnlyList<string> NamesAreDeterministicGuids(ArmTemplate template)
    {
        var resources = template.OfType(RoleAssignmentType).ToList();
        if (resources.Count == 0)
        {
            return ["The template declares no role assignment."];
        }

        return resources
            .Where(r =>
            {
                var name = r.Name;
                var role = RoleArgument().Match(Text(r.Properties?["roleDefinitionId"])).Groups["arg"].Value;
                var principal = Text(r.Properties?["principalId"]).Trim('[', ']');
                var scope = Text(r.Json["scope"]).Trim('[', ']');
                return !name.StartsWith("[guid(", StringComparison.Ordinal) || role.Length == 0 || !name.Contains(role, StringComparison.Ordinal)
                       || !name.Contains(principal, StringComparison.Ordinal) || scope.Length == 0 || !name.Contains(scope, StringComparison.Ordinal);
            })
            .Select(r => $"Role assignment {r.Name} must be named guid(scope.id, principalId, roleId) and have a scope.")
            .ToList();
    }

    /// <summary>No Owner, Contributor, User Access Administrator or a broad data role anywhere in the template, by GUID.</summary>
    public static IReadOnlyList<string> NoPrivilegedRoles(ArmTemplate template)
    {
        var text = template.ToJsonString();
        return new[] { Roles.Owner, Roles.Contributor, Roles.UserAccessAdministrator, Roles.KeyVaultSecretsOfficer, Roles.StorageQueueDataContributor }
            .Where(id => text.Contains(id, StringComparison.OrdinalIgnoreCase))
            .Select(id => $"The template mentions {Roles.NameOf(id)} ({id}): no deployment identity or group may get it.")
            .ToList();
    }

    private static string Principal(string expression) => expression switch
    {
        "[parameters('appPrincipalId')]" => App,
        "[parameters('adminGroupObjectId')]" => Admin,
        _ => expression,
    };

    // The loop's list: activeTableAssignments is a filter of tableAssignments (admins only when given).
    private static string ListName(string name, JsonObject variables) =>
        variables[name] is JsonArray ? name : FilteredList().Match(Text(variables[name])) is { Success: true } m ? m.Groups["list"].Value : name;

    /// <summary>
    /// One expression of an assignment to its value: variables('roles').x, the loop element's fields, a module
    /// parameter's default, if(equals(element.principal, 'app'), a, b), a literal.
    /// </summary>
    private static string ResolveExpression(string expression, ArmResource resource, JsonObject variables, JsonObject? element)
    {
        var e = expression.Trim();
        var bracketed = e.StartsWith('[') && e.EndsWith(']');
        if (bracketed)
        {
            e = e[1..^1].Trim();
        }

        if (e.StartsWith('\'') && e.EndsWith('\''))
        {
            return e[1..^1];
        }

        if (VariableField().Match(e) is { Success: true } field)
        {
            return Text(variables[field.Groups["var"].Value]?[field.Groups["field"].Value]);
        }

        if (ElementField().Match(e) is { Success: true } item && element is not null)
        {
            var value = Text(element[item.Groups["field"].Value]);
            return value.StartsWith('[') ? ResolveExpression(value, resource, variables, element) : value;
        }

        if (IfPrincipal().Match(e) is { Success: true } choice && element is not null)
        {
            var isApp = Text(element["principal"]) == choice.Groups["literal"].Value;
            return ResolveExpression("[" + (isApp ? choice.Groups["then"].Value : choice.Groups["else"].Value) + "]", resource, variables, element);
        }

        if (Parameter().Match(e) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            return name is "keyVaultRoleId" or "emailSenderRoleId" ? $"param:{name}"
                : name is "appPrincipalId" or "adminGroupObjectId" ? $"[parameters('{name}')]"
                : Text(resource.Template["parameters"]?[name]?["defaultValue"]) is { Length: > 0 } value ? value : $"[parameters('{name}')]";
        }

        return bracketed ? $"[{e}]" : e;
    }

    private static string Text(JsonNode? node) => ArmTemplate.Text(node);

    [GeneratedRegex(@"^\[length\(variables\('(?<name>[^']+)'\)\)\]$")]
    private static partial Regex LoopVariable();

    [GeneratedRegex(@"filter\(variables\('(?<list>[^']+)'\)")]
    private static partial Regex FilteredList();

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',\s*(?<arg>.+)\)\]$")]
    private static partial Regex RoleArgument();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)',\s*(?<args>.+)\)\]$")]
    private static partial Regex ScopeResourceId();

    [GeneratedRegex(@"^variables\('(?<var>[^']+)'\)\.(?<field>\w+)$")]
    private static partial Regex VariableField();

    [GeneratedRegex(@"^variables\('[^']+'\)\[copyIndex\(\)\]\.(?<field>\w+)$")]
    private static partial Regex ElementField();

    [GeneratedRegex(@"^if\(equals\(variables\('[^']+'\)\[copyIndex\(\)\]\.principal, '(?<literal>\w+)'\), (?<then>parameters\('\w+'\)|'\w+'), (?<else>parameters\('\w+'\)|'\w+')\)$")]
    private static partial Regex IfPrincipal();

    [GeneratedRegex(@"^parameters\('(?<name>[^']+)'\)$")]
    private static partial Regex Parameter();
}

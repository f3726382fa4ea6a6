using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests.Checks;

/// <summary>
/// The security properties infra/ must keep, each a pure function over the compiled ARM JSON
/// that returns its violations (empty: the property holds). A check over a resource type the
/// template does not contain fails too, so deleting the resource cannot make a check pass.
/// </summary>
internal static partial class SecurityChecks
{
    public const string Sites = "Microsoft.Web/sites";
    public const string ServerFarms = "Microsoft.Web/serverfarms";
    public const string PublishingPolicies = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    public const string KeyVaults = "Microsoft.KeyVault/vaults";

    public static IReadOnlyList<string> FunctionAppHttpsOnly(ArmTemplate template) =>
        Each(template, Sites, site => RequireLiteral(site, "properties.httpsOnly", true,
            "the app would also answer plain HTTP"));

    public static IReadOnlyList<string> FunctionAppMinimumTls12(ArmTemplate template) =>
        Each(template, Sites, site => RequireOneOf(site, "properties.siteConfig.minTlsVersion", ["1.2", "1.3"],
            "clients could connect with TLS 1.0/1.1"));

    public static IReadOnlyList<string> FunctionAppFtpsDisabled(ArmTemplate template) =>
        Each(template, Sites, site => RequireLiteral(site, "properties.siteConfig.ftpsState", "Disabled",
            "FTP(S) deployment would stay open"));

    public static IReadOnlyList<string> FunctionAppBasicPublishingDisabled(ArmTemplate template)
    {
        var policies = template.OfType(PublishingPolicies).ToList();
        var violations = new List<string>();
        foreach (var kind in new[] { "ftp", "scm" })
        {
            var policy = policies.FirstOrDefault(p => ArmTemplate.LastNameSegment(p.Name) == kind);
            if (policy is null)
            {
                violations.Add($"No {PublishingPolicies} '{kind}' resource: basic (user name + password) {kind} publishing stays allowed.");
                continue;
            }

            violations.AddRange(RequireLiteral(policy, "properties.allow", false, $"basic {kind} publishing credentials would work"));
        }

        return violations;
    }

    public static IReadOnlyList<string> FunctionAppUserAssignedIdentity(ArmTemplate template) =>
        Each(template, Sites, site =>
        {
            var type = Literal(site, "identity.type") as string;
            var identities = site.Json["identity"]?["userAssignedIdentities"] as JsonObject;
            if (type != "UserAssigned" || identities is null || identities.Count != 1)
            {
                return [$"{site.Describe()}: identity must be exactly one user-assigned managed identity " +
                        $"(identity.type 'UserAssigned' with one userAssignedIdentities entry); found type {Show(type)} " +
                        $"with {identities?.Count ?? 0} identities."];
            }

            return [];
        });

    public static IReadOnlyList<string> FunctionAppFlexConsumptionDotnetIsolated10(ArmTemplate template)
    {
        var violations = Each(template, Sites, site =>
        {
            var found = new List<string>();
            found.AddRange(RequireLiteral(site, "properties.functionAppConfig.runtime.name", "dotnet-isolated",
                "the app must run on the .NET isolated worker"));
            found.AddRange(RequireLiteral(site, "properties.functionAppConfig.runtime.version", "10.0",
                "the app targets net10.0"));
            found.AddRange(RequireLiteral(site, "properties.functionAppConfig.deployment.storage.authentication.type",
                "UserAssignedIdentity", "Flex Consumption must read the deployment package with the app's identity, not a key"));
            return found;
        }).ToList();

        violations.AddRange(Each(template, ServerFarms, plan =>
        {
            var found = new List<string>();
            found.AddRange(RequireLiteral(plan, "sku.tier", "FlexConsumption", "the plan must be Flex Consumption"));
            found.AddRange(RequireLiteral(plan, "sku.name", "FC1", "the plan must be Flex Consumption"));
            return found;
        }));
        return violations;
    }

    public static IReadOnlyList<string> StorageSharedKeyAccessDisabled(ArmTemplate template) =>
        Each(template, StorageAccounts, account => RequireLiteral(account, "properties.allowSharedKeyAccess", false,
            "account keys and SAS signed with them would work (the default is true)"));

    public static IReadOnlyList<string> StorageBlobPublicAccessDisabled(ArmTemplate template) =>
        Each(template, StorageAccounts, account => RequireLiteral(account, "properties.allowBlobPublicAccess", false,
            "a container could be made anonymously readable"));

    public static IReadOnlyList<string> StorageMinimumTls12(ArmTemplate template) =>
        Each(template, StorageAccounts, account => RequireOneOf(account, "properties.minimumTlsVersion", ["TLS1_2", "TLS1_3"],
            "clients could connect with TLS 1.0/1.1"));

    public static IReadOnlyList<string> StorageHttpsOnly(ArmTemplate template) =>
        Each(template, StorageAccounts, account => RequireLiteral(account, "properties.supportsHttpsTrafficOnly", true,
            "the endpoints would accept plain HTTP"));

    public static IReadOnlyList<string> KeyVaultRbacAuthorization(ArmTemplate template) =>
        Each(template, KeyVaults, vault => RequireLiteral(vault, "properties.enableRbacAuthorization", true,
            "the vault would use access policies, which bypass the role assignments in rbac.bicep"));

    public static IReadOnlyList<string> KeyVaultSoftDelete(ArmTemplate template) =>
        Each(template, KeyVaults, vault => RequireLiteral(vault, "properties.enableSoftDelete", true,
            "a deleted token bundle could not be recovered"));

    public static IReadOnlyList<string> KeyVaultPurgeProtection(ArmTemplate template) =>
        Each(template, KeyVaults, vault => RequireLiteral(vault, "properties.enablePurgeProtection", true,
            "a deleted vault or secret could be purged before its retention ends"));

    /// <summary>No app setting value looks like a credential: account keys, SAS, passwords, key-listing functions.</summary>
    public static IReadOnlyList<string> AppSettingsHoldNoSecrets(ArmTemplate template)
    {
        var settings = AppSettings(template).ToList();
        if (settings.Count == 0)
        {
            return ["No app settings found on any Microsoft.Web/sites resource."];
        }

        var violations = new List<string>();
        foreach (var (site, name, value) in settings)
        {
            var raw = ArmTemplate.Text(value);
            var resolved = ArmTemplate.Text(ArmTemplate.ResolveParameter(site, value));
            foreach (var text in new[] { raw, resolved }.Distinct())
            {
                var match = SecretLike().Match(text);
                if (match.Success)
                {
                    violations.Add($"{site.Describe()}: app setting '{name}' looks like a secret ('{match.Value}' in {text}). " +
                                   "Use an identity-based connection (__credential/__clientId/__serviceUri) or a Key Vault secret the code reads.");
                }
            }
        }

        return violations;
    }

    /// <summary>No expression anywhere lists keys or signs a SAS: nothing in the deployment handles a storage key.</summary>
    public static IReadOnlyList<string> NoKeyListingAnywhere(ArmTemplate template)
    {
        var text = template.ToJsonString();
        return KeyListing().Matches(text).Select(m => $"The template calls {m.Value}...: it reads a key or signs a SAS, which identity-based access makes unnecessary.")
            .Distinct().ToList();
    }

    /// <summary>Every app setting of every site: (site, name, value as compiled).</summary>
    public static IEnumerable<(ArmResource Site, string Name, JsonNode? Value)> AppSettings(ArmTemplate template)
    {
        foreach (var site in template.OfType(Sites))
        {
            if (site.Json["properties"]?["siteConfig"]?["appSettings"] is JsonArray array)
            {
                foreach (var setting in array.OfType<JsonObject>())
                {
                    yield return (site, setting["name"]?.GetValue<string>() ?? "", setting["value"]);
                }
            }
        }

        // Settings given as a child resource Microsoft.Web/sites/config 'appsettings' count too.
        foreach (var config in template.OfType("Microsoft.Web/sites/config")
                     .Where(c => ArmTemplate.LastNameSegment(c.Name) == "appsettings"))
        {
            if (config.Properties is { } properties)
            {
                foreach (var (name, value) in properties)
                {
                    yield return (config, name, value);
                }
            }
        }
    }

    /// <summary>The literal at a dotted path of a resource (after following a module parameter), or null when missing or an expression.</summary>
    public static object? Literal(ArmResource resource, string path)
    {
        var node = ArmTemplate.ResolveParameter(resource, Navigate(resource.Json, path));
        return node switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) => s.StartsWith('[') && !s.StartsWith("[[", StringComparison.Ordinal) ? null : s,
            JsonValue v when v.TryGetValue<long>(out var l) => l,
            _ => null,
        };
    }

    private static JsonNode? Navigate(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node;
    }

    private static IReadOnlyList<string> RequireLiteral(ArmResource resource, string path, object expected, string consequence)
    {
        var actual = Literal(resource, path);
        return Equals(actual, expected)
            ? []
            : [$"{resource.Describe()}: {path} must be {Show(expected)}, otherwise {consequence}; found {Show(Navigate(resource.Json, path))}."];
    }

    private static IReadOnlyList<string> RequireOneOf(ArmResource resource, string path, string[] allowed, string consequence)
    {
        var actual = Literal(resource, path) as string;
        return actual is not null && allowed.Contains(actual)
            ? []
            : [$"{resource.Describe()}: {path} must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}, otherwise {consequence}; found {Show(Navigate(resource.Json, path))}."];
    }

    private static IReadOnlyList<string> Each(ArmTemplate template, string type, Func<ArmResource, IReadOnlyList<string>> check)
    {
        var resources = template.OfType(type).ToList();
        return resources.Count == 0
            ? [$"The template declares no {type} resource, so nothing can be checked."]
            : resources.SelectMany(check).ToList();
    }

    private static string Show(object? value) => value switch
    {
        null => "nothing (the property is missing)",
        JsonNode node => ArmTemplate.Text(node),
        bool b => b ? "true" : "false",
        string s => $"'{s}'",
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature|SharedAccessKey|[?&]sig=|Password=|ClientSecret=|listKeys\(|listAccountSas\(|listServiceSas\(|DefaultEndpointsProtocol=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();

    [GeneratedRegex(@"\blist(Keys|AccountSas|ServiceSas|Secrets|ConnectionStrings)\(", RegexOptions.IgnoreCase)]
    private static partial Regex KeyListing();
}

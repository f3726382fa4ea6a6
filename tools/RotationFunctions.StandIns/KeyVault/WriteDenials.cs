using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// Writes the vault refuses with 403 Forbidden: all of them or one secret's, for lack of a role (RBAC) or by
/// a policy. Writes are set (PUT), update of attributes and tags (PATCH), delete, recover and purge; reads
/// stay allowed, as with a role like Key Vault Secrets User.
/// </summary>
/// <remarks>
/// The RBAC body is the one Key Vault answers (github.com/piyushsachdeva/Terraform_AKS/issues/2): code
/// Forbidden, inner code ForbiddenByRbac, "Caller is not authorized to perform action on resource." with the
/// caller, the data action and the resource. For a policy only the codes are known (Forbidden, inner code
/// ForbiddenByPolicy: github.com/SparebankenVest/azure-key-vault-to-kubernetes/issues/232); the message is
/// undocumented: shape modelled on the RBAC one, naming the operation and the secret.
/// </remarks>
internal sealed class WriteDenials(string tenantId)
{
    private const string Subscription = "00000000-0000-0000-0000-000000000000";
    private const string VaultName = "kv-stand-in";
    private const string Caller = "appid=11111111-1111-1111-1111-111111111111;oid=22222222-2222-2222-2222-222222222222";

    private readonly Lock _gate = new();
    private readonly List<(string? SecretName, KeyVaultDenial Kind)> _rules = [];

    public void Deny(string? secretName, KeyVaultDenial kind)
    {
        lock (_gate)
        {
            _rules.Add((secretName, kind));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The 403 for a write to the secret this request names, or null when it may go ahead.</summary>
    public StandInResponse? Refusal(HttpContext context)
    {
        var request = context.Request;
        if (WriteAction(request.Method, request.Path.StartsWithSegments("/deletedsecrets")) is not { } action)
        {
            return null;
        }
        var name = (string)context.GetRouteValue("name")!;
        KeyVaultDenial? kind;
        lock (_gate)
        {
            var index = _rules.FindIndex(r => r.SecretName is null || string.Equals(r.SecretName, name, StringComparison.OrdinalIgnoreCase));
            kind = index < 0 ? null : _rules[index].Kind;
        }
        return kind switch
        {
            null => null,
            KeyVaultDenial.Rbac => new(403, SecretsEndpoints.Error("Forbidden",
                "Caller is not authorized to perform action on resource.\r\n" +
                "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
                $"Caller: {Caller};iss=https://sts.windows.net/{tenantId}/\r\n" +
                $"Action: 'Microsoft.KeyVault/vaults/secrets/{action}'\r\n" +
                $"Resource: '/subscriptions/{Subscription}/resourcegroups/rg-stand-in/providers/microsoft.keyvault/vaults/{VaultName}/secrets/{name}'\r\n" +
                "Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
                $"Vault: {VaultName};location=swedencentral\r\n",
                "ForbiddenByRbac")),
            _ => new(403, SecretsEndpoints.Error("Forbidden",
                $"Operation 'Microsoft.KeyVault/vaults/secrets/{action}' on secret '{name}' is denied by a policy assigned to vault '{VaultName}'.",
                "ForbiddenByPolicy")),
        };
    }

    /// <summary>Key Vault's data action for a write to a secret (as in the built-in roles), or null for a read.</summary>
    private static string? WriteAction(string method, bool deletedSecret) => (method, deletedSecret) switch
    {
        ("PUT", false) => "setSecret/action",
        ("PATCH", false) => "update/action",
        ("DELETE", false) => "delete",
        ("POST", true) => "recover/action",
        ("DELETE", true) => "purge/action",
        _ => null,
    };
}

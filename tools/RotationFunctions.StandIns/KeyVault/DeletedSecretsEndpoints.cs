using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// Soft-deleted secrets as SecretClient reaches them under /deletedsecrets/{name}: get (what the delete
/// operation polls), recover and purge.
/// </summary>
/// <remarks>
/// Shapes from Key Vault's REST reference (Delete Secret, Get/Recover/Purge Deleted Secret) and the Azure SDK
/// for JS recordings of the real service: the deleted bundle is the secret's item without its value plus
/// recoveryId, deletedDate and scheduledPurgeDate; purge answers 204 with no body; an unknown name is 404
/// SecretNotFound "Deleted Secret not found: {name}".
/// </remarks>
internal static class DeletedSecretsEndpoints
{
    public static void Map(RouteGroupBuilder deleted, SecretStore store)
    {
        deleted.MapGet("", (string name, HttpRequest request) => store.FindDeleted(name) is { } secret
            ? new StandInResponse(200, Bundle(request, secret))
            : NotFound(name));
        deleted.MapPost("/recover", (string name, HttpRequest request) => store.Recover(name) is { } newest
            ? new StandInResponse(200, SecretsEndpoints.Item(request, newest, $"secrets/{newest.Name}/{newest.Version}"))
            : NotFound(name));
        deleted.MapDelete("", (string name) => store.Purge(name) ? new StandInResponse(204, null) : NotFound(name));
    }

    /// <summary>A deleted secret's bundle: its newest version's item (no value) with the deletion's dates.</summary>
    public static JsonObject Bundle(HttpRequest request, DeletedSecret secret)
    {
        var newest = secret.Newest;
        var bundle = new JsonObject
        {
            ["recoveryId"] = SecretsEndpoints.VaultUri(request, $"deletedsecrets/{newest.Name}"),
            ["deletedDate"] = secret.DeletedOn.ToUnixTimeSeconds(),
            ["scheduledPurgeDate"] = secret.ScheduledPurgeDate.ToUnixTimeSeconds(),
        };
        foreach (var (key, value) in SecretsEndpoints.Item(request, newest, $"secrets/{newest.Name}/{newest.Version}"))
        {
            bundle[key] = value?.DeepClone();
        }
        return bundle;
    }

    private static StandInResponse NotFound(string name) =>
        new(404, SecretsEndpoints.Error("SecretNotFound", $"Deleted Secret not found: {name}"));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Extensions;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// The secrets REST API as SecretClient calls it: set, get latest or a version, list versions,
/// update properties, list and (soft) delete, with Key Vault's answers and error bodies; deleted secrets
/// are <see cref="DeletedSecretsEndpoints"/>.
/// </summary>
/// <remarks>
/// Behaviour taken from the real service:
/// <list type="bullet">
/// <item>Get without a version answers the newest version; when that version is disabled the answer
/// is 403 Forbidden "Operation get is not allowed on a disabled secret." (inner code SecretDisabled):
/// Key Vault does not fall back to an older enabled version.</item>
/// <item>exp and nbf are informational for secrets: Key Vault's "date-time controlled operations" rule
/// says get works for expired and not-yet-valid secrets (used for recovery and tests), and users
/// report 200 for expired secrets (github.com/Azure/AzureKeyVault issue 19). So this stand-in
/// returns them too; only <c>enabled</c> gates reads.</item>
/// <item>Setting a name that is deleted but recoverable is 409 Conflict, inner code ObjectIsDeletedButRecoverable,
/// "Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state,
/// the secret can only be recovered or purged." (the service's body as a Key Vault user recorded it; the same
/// sentence for keys in Azure/azure-sdk-for-cpp key_client_delete_test_live.cpp).</item>
/// </list>
/// </remarks>
internal static partial class SecretsEndpoints
{
    public static void Map(RouteGroupBuilder vault, SecretStore store, WriteDenials denials)
    {
        vault.AddEndpointFilter((context, next) => string.IsNullOrEmpty(context.HttpContext.Request.Query["api-version"].ToString())
            ? ValueTask.FromResult<object?>(BadParameter("The api-version query parameter is missing."))
            : next(context));
        // Key Vault's bodies for what no route takes: an unknown resource, a known one with another method.
        vault.MapFallback("{**path}", NotFoundResource);
        vault.MapFallback("/secrets", MethodNotAllowed);
        vault.MapGet("/secrets", (HttpRequest request) => List(request, store));

        var secret = Named(vault, "/secrets/{name}", denials);
        secret.MapPut("", async (string name, HttpRequest request) => Set(request, store, name, await ReadObjectAsync(request)));
        secret.MapDelete("", (string name, HttpRequest request) => store.Delete(name) is { } deleted
            ? new StandInResponse(200, DeletedSecretsEndpoints.Bundle(request, deleted))
            : NotFound(name, null));
        secret.MapGet("/versions", (string name, HttpRequest request) => ListVersions(request, store, name));
        secret.MapGet("/{version?}", (string name, string? version, HttpRequest request) => Get(request, store, name, version));
        secret.MapPatch("/{version}", async (string name, string version, HttpRequest request) =>
            Update(request, store, name, version, await ReadObjectAsync(request)));
        secret.MapFallback("/{**rest}", MethodNotAllowed);

        var deletedSecret = Named(vault, "/deletedsecrets/{name}", denials);
        DeletedSecretsEndpoints.Map(deletedSecret, store);
        deletedSecret.MapFallback("/{**rest}", MethodNotAllowed);
    }

    /// <summary>
    /// A group for one secret's paths, which Key Vault refuses for bad names and paths (<see cref="Refusal"/>), then
    /// for writes the caller may not make (<see cref="WriteDenials"/>).
    /// </summary>
    private static RouteGroupBuilder Named(RouteGroupBuilder vault, string prefix, WriteDenials denials) =>
        vault.MapGroup(prefix).AddEndpointFilter((context, next) =>
            (Refusal(context.HttpContext) ?? denials.Refusal(context.HttpContext)) is { } refusal
                ? ValueTask.FromResult<object?>(refusal)
                : next(context));

    /// <summary>Key Vault's answer for a path under /secrets/{name} or /deletedsecrets/{name} that no operation may use, or null.</summary>
    private static StandInResponse? Refusal(HttpContext context)
    {
        var name = (string)context.GetRouteValue("name")!;
        if (!SecretName().IsMatch(name))
        {
            return BadParameter($"The request URI contains an invalid name: {name}");
        }
        // Routing forgives a trailing slash, Key Vault's paths do not: it is one more, empty segment. Nothing
        // lies below /secrets/{name}/{version}, and /secrets/{name}/ (the latest version, as SecretClient
        // asks for it) is only read.
        var path = context.Request.Path.Value!;
        var slashes = path.Count(c => c == '/');
        if (slashes > 3)
        {
            return NotFoundResource();
        }
        return slashes == 3 && path.EndsWith('/') && !HttpMethods.IsGet(context.Request.Method) ? MethodNotAllowed() : null;
    }

    public static StandInResponse Challenge(string tenantId) =>
        new(401, Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."), new Dictionary<string, string>
        {
            ["WWW-Authenticate"] = $"Bearer authorization=\"https://login.microsoftonline.com/{tenantId}\", resource=\"https://vault.azure.net\"",
        });

    public static StandInResponse FaultAnswer(int statusCode) => new(statusCode, statusCode switch
    {
        429 => Error("Throttled", "Request was not processed because too many requests were received."),
        500 => Error("InternalServerError", "An internal server error occurred."),
        503 => Error("ServiceUnavailable", "The service is unavailable."),
        _ => Error("Error", $"Injected fault {statusCode}."),
    });

    private static StandInResponse Set(HttpRequest request, SecretStore store, string name, JsonObject? body)
    {
        if (body?["value"] is not JsonValue valueNode || !valueNode.TryGetValue<string>(out var value))
        {
            return BadParameter("The request body must contain a string 'value'.");
        }
        var attributes = body["attributes"] as JsonObject;
        var version = store.Add(name, value, (string?)body["contentType"], ReadTags(body["tags"]),
            (bool?)attributes?["enabled"] ?? true, ReadUnixTime(attributes?["nbf"]), ReadUnixTime(attributes?["exp"]));
        return version is null
            ? new StandInResponse(409, Error("Conflict",
                $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; " +
                "in this state, the secret can only be recovered or purged.", "ObjectIsDeletedButRecoverable"))
            : new StandInResponse(200, Bundle(request, version, includeValue: true));
    }

    private static StandInResponse Get(HttpRequest request, SecretStore store, string name, string? version) =>
        store.Find(name, version) switch
        {
            null => NotFound(name, version),
            { Enabled: false } => new(403, Error("Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled")),
            var found => new(200, Bundle(request, found, includeValue: true)),
        };

    private static StandInResponse Update(HttpRequest request, SecretStore store, string name, string version, JsonObject? body)
    {
        if (body is null)
        {
            return BadParameter("The request body must be a JSON object.");
        }
        var attributes = body["attributes"] as JsonObject;
        var updated = store.Update(name, version, found => found with
        {
            ContentType = body.TryGetPropertyValue("contentType", out var contentType) ? (string?)contentType : found.ContentType,
            Tags = body.TryGetPropertyValue("tags", out var tags) ? ReadTags(tags) : found.Tags,
            Enabled = attributes?["enabled"] is JsonValue enabled ? (bool)enabled : found.Enabled,
            NotBefore = attributes?.TryGetPropertyValue("nbf", out var nbf) == true ? ReadUnixTime(nbf) : found.NotBefore,
            ExpiresOn = attributes?.TryGetPropertyValue("exp", out var exp) == true ? ReadUnixTime(exp) : found.ExpiresOn,
        });
        // Update answers the bundle without the value, like Key Vault.
        return updated is null ? NotFound(name, version) : new StandInResponse(200, Bundle(request, updated, includeValue: false));
    }

    private static StandInResponse ListVersions(HttpRequest request, SecretStore store, string name) =>
        Page(store.Versions(name).Select(v => Item(request, v, $"secrets/{v.Name}/{v.Version}")));

    private static StandInResponse List(HttpRequest request, SecretStore store) =>
        Page(store.Newest().Select(v => Item(request, v, $"secrets/{v.Name}")));

    private static StandInResponse Page(IEnumerable<JsonObject> items) =>
        new(200, new JsonObject { ["value"] = new JsonArray([.. items]), ["nextLink"] = null });

    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Bundle(HttpRequest request, StoredSecretVersion version, bool includeValue) =>
        Item(request, version, $"secrets/{version.Name}/{version.Version}", includeValue ? version.Value : null);

    /// <summary>A secret's item (a bundle without value unless given): id, contentType, tags and attributes.</summary>
    public static JsonObject Item(HttpRequest request, StoredSecretVersion version, string id, string? value = null)
    {
        var item = value is null ? [] : new JsonObject { ["value"] = value };
        item["id"] = VaultUri(request, id);
        if (version.ContentType is not null)
        {
            item["contentType"] = version.ContentType;
        }
        if (version.Tags.Count > 0)
        {
            item["tags"] = new JsonObject(version.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
        }
        var attributes = new JsonObject { ["enabled"] = version.Enabled };
        if (version.NotBefore is { } nbf)
        {
            attributes["nbf"] = nbf.ToUnixTimeSeconds();
        }
        if (version.ExpiresOn is { } exp)
        {
            attributes["exp"] = exp.ToUnixTimeSeconds();
        }
        attributes["created"] = version.Created.ToUnixTimeSeconds();
        attributes["updated"] = version.Updated.ToUnixTimeSeconds();
        attributes["recoveryLevel"] = "Recoverable+Purgeable";
        attributes["recoverableDays"] = DeletedSecret.RecoverableDays;
        item["attributes"] = attributes;
        return item;
    }

    /// <summary>A URI in this vault: ids name the vault the way the client addressed it, the stand-in's own address.</summary>
    public static string VaultUri(HttpRequest request, string path) =>
        new Uri(new Uri(UriHelper.BuildAbsolute(request.Scheme, request.Host)), path).ToString();

    private static Dictionary<string, string> ReadTags(JsonNode? node) =>
        node is JsonObject tags ? tags.ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "", StringComparer.Ordinal) : new(StringComparer.Ordinal);

    private static DateTimeOffset? ReadUnixTime(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Key Vault's error body; the inner code is under "innererror", lower case, as the service writes it.</summary>
    public static JsonObject Error(string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = innerCode };
        }
        return new JsonObject { ["error"] = error };
    }

    private static StandInResponse BadParameter(string message) => new(400, Error("BadParameter", message));

    private static StandInResponse NotFoundResource() => new(404, Error("NotFound", "The requested resource was not found."));

    private static StandInResponse MethodNotAllowed() =>
        new(405, Error("MethodNotAllowed", "The requested method is not allowed on this resource."));

    private static StandInResponse NotFound(string name, string? version) =>
        new(404, Error("SecretNotFound",
            $"A secret with (name/id) {(version is null ? name : $"{name}/{version}")} was not found in this key vault. " +
            "If you recently deleted this secret you may be able to recover it using the correct recovery command. " +
            "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"));

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretName();
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Http;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// A local Key Vault (secrets only) that the real <see cref="SecretClient"/> talks to unmodified:
/// HTTPS on 127.0.0.1 with an in-memory self-signed certificate, the bearer challenge, and the
/// secrets REST API (set, get latest/version, list versions, update properties, list).
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
/// </list>
/// </remarks>
public sealed partial class KeyVaultStandIn : IAsyncDisposable
{
    /// <summary>The tenant named in the challenge when none is given.</summary>
    public const string DefaultTenantId = "72f988bf-0000-4000-8000-00000000c0de";

    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly LoopbackServer _server;
    private readonly TimeProvider _time;
    private readonly string _tenantId;
    private readonly X509Certificate2 _certificate;
    private readonly HttpClient _httpClient;
    private readonly FaultInjector _faults = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SecretVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _requestCounts = new(StringComparer.OrdinalIgnoreCase);
    private int _challengeCount;

    private KeyVaultStandIn(LoopbackServer server, TimeProvider time, string tenantId, X509Certificate2 certificate)
    {
        _server = server;
        _time = time;
        _tenantId = tenantId;
        _certificate = certificate;
        CertificateSha256 = certificate.GetCertHash(HashAlgorithmName.SHA256);
        _httpClient = new HttpClient(StandInCertificate.CreatePinnedHandler(CertificateSha256), disposeHandler: true);
    }

    /// <summary>The vault URI, e.g. https://127.0.0.1:54321/.</summary>
    public Uri VaultUri => _server.BaseAddress;

    /// <summary>The server certificate's SHA-256 hash, the only certificate the stand-in's clients trust.</summary>
    public byte[] CertificateSha256 { get; }

    /// <summary>A token credential that hands out a dummy bearer token (the stand-in accepts any).</summary>
    public TokenCredential Credential { get; } = new StandInTokenCredential();

    /// <summary>Requests the stand-in answered with the 401 bearer challenge.</summary>
    public int ChallengeCount => Volatile.Read(ref _challengeCount);

    public static async Task<KeyVaultStandIn> StartAsync(
        TimeProvider? timeProvider = null,
        string tenantId = DefaultTenantId,
        CancellationToken cancellationToken = default)
    {
        var certificate = StandInCertificate.Create();
        KeyVaultStandIn? standIn = null;
        var server = await LoopbackServer.StartAsync(
            (context, stopping) => standIn is null ? NotReadyAsync(context) : standIn.HandleAsync(context, stopping),
            certificate, cancellationToken);
        standIn = new KeyVaultStandIn(server, timeProvider ?? TimeProvider.System, tenantId, certificate);
        return standIn;
    }

    /// <summary>
    /// Options for a real SecretClient: a transport that trusts only this stand-in's certificate
    /// and no challenge resource verification (the vault is not under vault.azure.net).
    /// </summary>
    public SecretClientOptions CreateSecretClientOptions(SecretClientOptions.ServiceVersion? version = null)
    {
        var options = version is { } v ? new SecretClientOptions(v) : new SecretClientOptions();
        options.Transport = new HttpClientTransport(_httpClient);
        options.DisableChallengeResourceVerification = true;
        return options;
    }

    /// <summary>A real SecretClient for this vault (options from <see cref="CreateSecretClientOptions"/> when none given).</summary>
    public SecretClient CreateSecretClient(SecretClientOptions? options = null) =>
        new(VaultUri, Credential, options ?? CreateSecretClientOptions());

    /// <summary>
    /// A real SecretClient for a stand-in that runs in another process: its URI and certificate hash
    /// (<see cref="VaultUri"/>, <see cref="CertificateSha256"/>) are all a client needs.
    /// </summary>
    public static SecretClient CreateRemoteSecretClient(Uri vaultUri, byte[] certificateSha256, SecretClientOptions? options = null)
    {
        options ??= new SecretClientOptions();
        options.Transport = new HttpClientTransport(new HttpClient(StandInCertificate.CreatePinnedHandler(certificateSha256), disposeHandler: true));
        options.DisableChallengeResourceVerification = true;
        return new SecretClient(vaultUri, new StandInTokenCredential(), options);
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> authenticated requests that match fail. <paramref name="method"/>
    /// (GET, PUT, PATCH) and <paramref name="secretName"/> filter when given. With
    /// <see cref="FaultTiming.AfterApplying"/> the request takes effect first (a PUT stores its version),
    /// then the answer is lost. Requests answered with the 401 challenge never consume a fault.
    /// </summary>
    public void InjectFault(Fault fault, int count = 1, string? method = null, string? secretName = null,
        FaultTiming timing = FaultTiming.BeforeHandling) =>
        _faults.Add(fault, count, method, secretName, timing);

    public void ClearFaults() => _faults.Clear();

    /// <summary>Authenticated requests received with this HTTP method (faulted ones included).</summary>
    public int GetRequestCount(string method)
    {
        lock (_gate)
        {
            return _requestCounts.GetValueOrDefault(method);
        }
    }

    /// <summary>Every version of a secret, oldest first, with values and attributes; empty when unknown.</summary>
    public IReadOnlyList<StoredSecretVersion> GetVersions(string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(name, out var versions) ? [.. versions.Select(v => v.Snapshot())] : [];
        }
    }

    /// <summary>Names of all secrets in the vault.</summary>
    public IReadOnlyList<string> GetSecretNames()
    {
        lock (_gate)
        {
            return [.. _secrets.Values.Select(v => v[0].Name)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _httpClient.Dispose();
        _certificate.Dispose();
    }

    // Nobody knows the port before StartAsync returns, but answer sanely anyway.
    private static Task NotReadyAsync(HttpContext context)
    {
        context.Response.StatusCode = 503;
        return Task.CompletedTask;
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
        {
            Interlocked.Increment(ref _challengeCount);
            var challenge = new Dictionary<string, string>
            {
                ["WWW-Authenticate"] =
                    $"Bearer authorization=\"https://login.microsoftonline.com/{_tenantId}\", resource=\"https://vault.azure.net\"",
            };
            await new StandInResponse(401, Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."), challenge)
                .WriteAsync(context, JsonContentType);
            return;
        }

        lock (_gate)
        {
            _requestCounts[request.Method] = _requestCounts.GetValueOrDefault(request.Method) + 1;
        }
        // "/secrets/name/version" → ["secrets", "name", "version"]; "/secrets/name/" keeps a trailing "".
        var segments = (request.Path.Value ?? "/")[1..].Split('/');
        var secretName = segments.Length >= 2 && segments[0] == "secrets" ? segments[1] : null;

        if (_faults.Take(request.Method, secretName, FaultTiming.BeforeHandling) is { } before)
        {
            await StandInResponse.PlayAsync(before, context, FaultBody(before), JsonContentType, stopping);
            return;
        }

        JsonObject? body = null;
        if (HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        var response = Handle(request.Method, segments, request.Query["api-version"].ToString(), body);

        if (_faults.Take(request.Method, secretName, FaultTiming.AfterApplying) is { } after)
        {
            await StandInResponse.PlayAsync(after, context, FaultBody(after), JsonContentType, stopping);
            return;
        }
        await response.WriteAsync(context, JsonContentType);
    }

    private StandInResponse Handle(string method, string[] segments, string apiVersion, JsonObject? body)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return BadParameter("The api-version query parameter is missing.");
        }
        if (segments[0] != "secrets")
        {
            return new StandInResponse(404, Error("NotFound", "The requested resource was not found."));
        }
        if (segments.Length == 1 || (segments.Length == 2 && segments[1].Length == 0))
        {
            return HttpMethods.IsGet(method) ? ListSecrets() : MethodNotAllowed();
        }

        var name = segments[1];
        if (!SecretName().IsMatch(name))
        {
            return BadParameter($"The request URI contains an invalid name: {name}");
        }
        var rest = segments.Length > 2 ? segments[2] : "";
        if (segments.Length > 3)
        {
            return new StandInResponse(404, Error("NotFound", "The requested resource was not found."));
        }

        return (method.ToUpperInvariant(), rest) switch
        {
            ("PUT", "") when segments.Length == 2 => SetSecret(name, body),
            ("GET", "") => GetSecret(name, version: null),
            ("GET", "versions") => ListVersions(name),
            ("GET", _) => GetSecret(name, rest),
            ("PATCH", not "") => UpdateSecret(name, rest, body),
            _ => MethodNotAllowed(),
        };
    }

    private StandInResponse SetSecret(string name, JsonObject? body)
    {
        if (body?["value"] is not JsonValue valueNode || !valueNode.TryGetValue<string>(out var value))
        {
            return BadParameter("The request body must contain a string 'value'.");
        }
        var now = _time.GetUtcNow();
        var attributes = body["attributes"] as JsonObject;
        var version = new SecretVersion(name, Guid.NewGuid().ToString("N"), value, now)
        {
            ContentType = (string?)body["contentType"],
            Tags = ReadTags(body["tags"]),
            Enabled = (bool?)attributes?["enabled"] ?? true,
            NotBefore = ReadUnixTime(attributes?["nbf"]),
            ExpiresOn = ReadUnixTime(attributes?["exp"]),
        };
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }
            versions.Add(version);
            return new StandInResponse(200, Bundle(version, includeValue: true));
        }
    }

    private StandInResponse GetSecret(string name, string? version)
    {
        lock (_gate)
        {
            var found = Find(name, version);
            if (found is null)
            {
                return NotFound(name, version);
            }
            return found.Enabled
                ? new StandInResponse(200, Bundle(found, includeValue: true))
                : new StandInResponse(403, Error("Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled"));
        }
    }

    private StandInResponse UpdateSecret(string name, string version, JsonObject? body)
    {
        if (body is null)
        {
            return BadParameter("The request body must be a JSON object.");
        }
        lock (_gate)
        {
            var found = Find(name, version);
            if (found is null)
            {
                return NotFound(name, version);
            }
            if (body.TryGetPropertyValue("contentType", out var contentType))
            {
                found.ContentType = (string?)contentType;
            }
            if (body.TryGetPropertyValue("tags", out var tags))
            {
                found.Tags = ReadTags(tags);
            }
            if (body["attributes"] is JsonObject attributes)
            {
                if (attributes["enabled"] is JsonValue enabled)
                {
                    found.Enabled = (bool)enabled;
                }
                if (attributes.TryGetPropertyValue("nbf", out var nbf))
                {
                    found.NotBefore = ReadUnixTime(nbf);
                }
                if (attributes.TryGetPropertyValue("exp", out var exp))
                {
                    found.ExpiresOn = ReadUnixTime(exp);
                }
            }
            found.Updated = _time.GetUtcNow();
            // Update answers the bundle without the value, like Key Vault.
            return new StandInResponse(200, Bundle(found, includeValue: false));
        }
    }

    private StandInResponse ListVersions(string name)
    {
        lock (_gate)
        {
            var items = new JsonArray();
            foreach (var version in _secrets.GetValueOrDefault(name) ?? [])
            {
                items.Add(Item(version, withVersion: true));
            }
            return new StandInResponse(200, new JsonObject { ["value"] = items, ["nextLink"] = null });
        }
    }

    private StandInResponse ListSecrets()
    {
        lock (_gate)
        {
            var items = new JsonArray();
            foreach (var versions in _secrets.Values)
            {
                items.Add(Item(versions[^1], withVersion: false));
            }
            return new StandInResponse(200, new JsonObject { ["value"] = items, ["nextLink"] = null });
        }
    }

    private SecretVersion? Find(string name, string? version)
    {
        if (!_secrets.TryGetValue(name, out var versions))
        {
            return null;
        }
        return version is null
            ? versions[^1]
            : versions.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));
    }

    private JsonObject Bundle(SecretVersion version, bool includeValue)
    {
        var bundle = new JsonObject();
        if (includeValue)
        {
            bundle["value"] = version.Value;
        }
        bundle["id"] = new Uri(VaultUri, $"secrets/{version.Name}/{version.Version}").ToString();
        AddCommon(bundle, version);
        return bundle;
    }

    private JsonObject Item(SecretVersion version, bool withVersion)
    {
        var item = new JsonObject
        {
            ["id"] = new Uri(VaultUri, withVersion ? $"secrets/{version.Name}/{version.Version}" : $"secrets/{version.Name}").ToString(),
        };
        AddCommon(item, version);
        return item;
    }

    private static void AddCommon(JsonObject target, SecretVersion version)
    {
        if (version.ContentType is not null)
        {
            target["contentType"] = version.ContentType;
        }
        if (version.Tags.Count > 0)
        {
            var tags = new JsonObject();
            foreach (var (key, value) in version.Tags)
            {
                tags[key] = value;
            }
            target["tags"] = tags;
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
        attributes["recoverableDays"] = 90;
        target["attributes"] = attributes;
    }

    private static Dictionary<string, string> ReadTags(JsonNode? node)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                tags[key] = value?.ToString() ?? "";
            }
        }
        return tags;
    }

    private static DateTimeOffset? ReadUnixTime(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static JsonObject Error(string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innerError"] = new JsonObject { ["code"] = innerCode };
        }
        return new JsonObject { ["error"] = error };
    }

    private static StandInResponse BadParameter(string message) => new(400, Error("BadParameter", message));

    private static StandInResponse MethodNotAllowed() =>
        new(405, Error("MethodNotAllowed", "The requested method is not allowed on this resource."));

    private static StandInResponse NotFound(string name, string? version) =>
        new(404, Error("SecretNotFound",
            $"A secret with (name/id) {(version is null ? name : $"{name}/{version}")} was not found in this key vault. " +
            "If you recently deleted this secret you may be able to recover it using the correct recovery command. " +
            "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"));

    private static JsonObject? FaultBody(Fault fault) => fault.StatusCode switch
    {
        429 => Error("Throttled", "Request was not processed because too many requests were received."),
        500 => Error("InternalServerError", "An internal server error occurred."),
        503 => Error("ServiceUnavailable", "The service is unavailable."),
        0 => null,
        _ => Error("Error", $"Injected fault {fault.StatusCode}."),
    };

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretName();

    private sealed class SecretVersion(string name, string version, string value, DateTimeOffset created)
    {
        public string Name { get; } = name;
        public string Version { get; } = version;
        public string Value { get; } = value;
        public DateTimeOffset Created { get; } = created;
        public DateTimeOffset Updated { get; set; } = created;
        public string? ContentType { get; set; }
        public Dictionary<string, string> Tags { get; set; } = [];
        public bool Enabled { get; set; } = true;
        public DateTimeOffset? NotBefore { get; set; }
        public DateTimeOffset? ExpiresOn { get; set; }

        public StoredSecretVersion Snapshot() =>
            new(Name, Version, Value, ContentType, new Dictionary<string, string>(Tags), Enabled, Created, Updated, NotBefore, ExpiresOn);
    }

    private sealed class StandInTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            // Azure.Core checks token lifetime against the real clock, so this does too.
            new("stand-in-access-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}

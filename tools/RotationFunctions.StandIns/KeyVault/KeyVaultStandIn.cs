using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// A local Key Vault (secrets only) that the real <see cref="SecretClient"/> talks to unmodified:
/// HTTPS on 127.0.0.1 with an in-memory self-signed certificate, the bearer challenge, and the
/// secrets REST API with soft delete (<see cref="SecretsEndpoints"/>, <see cref="DeletedSecretsEndpoints"/>).
/// </summary>
public sealed class KeyVaultStandIn : IAsyncDisposable
{
    /// <summary>The tenant named in the challenge when none is given.</summary>
    public const string DefaultTenantId = "72f988bf-0000-4000-8000-00000000c0de";

    private readonly string _tenantId;
    private readonly X509Certificate2 _certificate;
    private readonly HttpClient _httpClient;
    private readonly SecretStore _store;
    private readonly WriteDenials _denials;
    private readonly FaultInjector _faults = new(context => context.GetRouteValue("name") as string, SecretsEndpoints.FaultAnswer);
    private readonly ConcurrentDictionary<string, int> _requestCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly LoopbackServer _server;
    private int _challengeCount;

    private KeyVaultStandIn(TimeProvider time, string tenantId)
    {
        _tenantId = tenantId;
        _certificate = StandInCertificate.Create();
        CertificateSha256 = _certificate.GetCertHash(HashAlgorithmName.SHA256);
        _httpClient = new HttpClient(StandInCertificate.CreatePinnedHandler(CertificateSha256), disposeHandler: true);
        _store = new SecretStore(time);
        _denials = new WriteDenials(tenantId);
        _server = new LoopbackServer(_certificate, MapEndpoints);
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
        var standIn = new KeyVaultStandIn(timeProvider ?? TimeProvider.System, tenantId);
        await standIn._server.StartAsync(cancellationToken);
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
    public int GetRequestCount(string method) => _requestCounts.GetValueOrDefault(method);

    /// <summary>Every version of a secret, oldest first, with values and attributes; empty when unknown or deleted.</summary>
    public IReadOnlyList<StoredSecretVersion> GetVersions(string name) => _store.Versions(name);

    /// <summary>
    /// Soft-deletes a secret, as DELETE /secrets/{name} does: its versions are kept but it cannot be read, and
    /// setting the name answers 409 Conflict until it is recovered or purged (or 90 days pass on the stand-in's
    /// clock). False when there is no such secret.
    /// </summary>
    public bool SoftDelete(string name) => _store.Delete(name) is not null;

    /// <summary>
    /// Recovers a soft-deleted secret with every version it had, as POST /deletedsecrets/{name}/recover does.
    /// False when no secret of this name is deleted.
    /// </summary>
    public bool Recover(string name) => _store.Recover(name) is not null;

    /// <summary>True while a secret of this name is deleted but recoverable.</summary>
    public bool IsSoftDeleted(string name) => _store.FindDeleted(name) is not null;

    /// <summary>
    /// From now on the vault answers 403 Forbidden to every write to <paramref name="secretName"/> (null: to any
    /// secret) and changes nothing: set, update of attributes or tags, delete, recover and purge. Reads still
    /// work. <paramref name="kind"/> picks the body: inner code ForbiddenByRbac or ForbiddenByPolicy. Denials add
    /// up until <see cref="AllowWrites"/>.
    /// </summary>
    public void DenyWrites(string? secretName = null, KeyVaultDenial kind = KeyVaultDenial.Rbac) => _denials.Deny(secretName, kind);

    /// <summary>Lifts every denial made with <see cref="DenyWrites"/>.</summary>
    public void AllowWrites() => _denials.Clear();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _httpClient.Dispose();
        _certificate.Dispose();
    }

    private void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The challenge comes first: counts and faults are for requests that reach the vault, not for the
        // token-less first request with which every SecretClient fetches the challenge.
        var vault = endpoints.MapGroup("").AddEndpointFilter((context, next) =>
        {
            var request = context.HttpContext.Request;
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
            {
                Interlocked.Increment(ref _challengeCount);
                return ValueTask.FromResult<object?>(SecretsEndpoints.Challenge(_tenantId));
            }
            _requestCounts.AddOrUpdate(request.Method, 1, (_, count) => count + 1);
            return next(context);
        }).AddEndpointFilter(_faults);
        SecretsEndpoints.Map(vault, _store, _denials);
    }
}

using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// The X API and Key Vault stand-ins, the collection's Azurite under names of this test's own, and a way
/// to build any number of "hosts" (<see cref="RotationHost"/>s, as separate processes would have) on them.
/// Every host logs at Trace into one collector, so a test sees all log output.
/// </summary>
public sealed class TokenTestEnvironment : IAsyncDisposable
{
    public const string ClientId = "rotation-app";
    public const string ClientSecret = "client-secret-Zq8vKp3n";
    public const string UserId = "1001";
    public const string Handle = "acme";
    public static readonly string[] Scopes = ["tweet.read", "tweet.write", "users.read", "offline.access"];

    private readonly AzuriteFixture _azurite;
    private readonly List<ServiceProvider> _hosts = [];

    private TokenTestEnvironment(AzuriteFixture azurite, XApiStandIn x, KeyVaultStandIn vault, TimeProvider time)
    {
        _azurite = azurite;
        X = x;
        Vault = vault;
        Time = time;
        Names = AzuriteFixture.UniqueNames();
    }

    public XApiStandIn X { get; }
    public KeyVaultStandIn Vault { get; }
    public TimeProvider Time { get; }
    public StorageNames Names { get; }
    public string AccountsTable => Names.AccountsTable;
    public string LeaseContainer => Names.LeaseContainer;
    public FakeLogCollector Logs { get; } = new();
    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>Extra configuration every host gets (e.g. "TokenRotation:StoreMaxAttempts").</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>False: hosts keep the token rotation's production defaults (leases, waits, store retries) instead of the fast test ones.</summary>
    public bool FastTokenSettings { get; set; } = true;

    public static async Task<TokenTestEnvironment> StartAsync(
        AzuriteFixture azurite, TimeProvider? time = null, bool confidentialClient = true, XApiStandInOptions? xOptions = null)
    {
        time ??= TimeProvider.System;
        var x = await XApiStandIn.StartAsync(time, xOptions);
        var vault = await KeyVaultStandIn.StartAsync(time);
        var environment = new TokenTestEnvironment(azurite, x, vault, time);
        x.RegisterClient(ClientId, confidentialClient ? ClientSecret : null);
        x.AddUser(UserId, "Acme Curators", Handle);
        var secrets = environment.CreateSecretClient();
        await secrets.SetSecretAsync(StorageNames.Default.ClientIdSecret, ClientId);
        if (confidentialClient)
        {
            await secrets.SetSecretAsync(StorageNames.Default.ClientSecretSecret, ClientSecret);
        }
        await environment.TableService().CreateTableAsync(environment.AccountsTable);
        return environment;
    }

    public TableServiceClient TableService() => new(ConnectionString);

    public TableClient Accounts() => TableService().GetTableClient(AccountsTable);

    /// <summary>
    /// A real SecretClient on the stand-in with fast retries and a short network timeout (hang faults cost 1 s);
    /// <paramref name="policy"/>, when given, sees each call (a test's hook into "meanwhile").
    /// </summary>
    public SecretClient CreateSecretClient(HttpPipelinePolicy? policy = null)
    {
        var options = Vault.CreateSecretClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        return Vault.CreateSecretClient(options);
    }

    /// <summary>Someone else (another tool, a stale copy) spends the refresh token: the stored chain is dead.</summary>
    public async Task SpendRefreshTokenElsewhereAsync(string refreshToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, X.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Records the account's token state as <c>rotation x authorize</c> does after storing a new chain.</summary>
    public Task RecordAuthorizedAsync(string accountId, DateTimeOffset at, DateTimeOffset expiresAt) =>
        Accounts().UpdateEntityAsync(new TableEntity(StorageNames.AccountPartition, accountId)
        {
            ["TokenState"] = AccountSettings.TokenOk,
            ["TokenStateReason"] = $"authorized as @{Handle} at {at:O}",
            ["TokenStateAt"] = at,
            ["TokenExpiresAt"] = expiresAt,
        }, Azure.ETag.All, TableUpdateMode.Merge);

    /// <summary>Records the account's token expiry as a rotation does, so a run knows it is due without reading Key Vault.</summary>
    public Task RecordExpiryAsync(string accountId, DateTimeOffset expiresAt) =>
        Accounts().UpdateEntityAsync(new TableEntity(StorageNames.AccountPartition, accountId)
        {
            ["TokenState"] = AccountSettings.TokenOk,
            ["TokenExpiresAt"] = expiresAt,
        }, Azure.ETag.All, TableUpdateMode.Merge);

    public async Task AddAccountAsync(string accountId, bool enabled = true, string? tokenState = null)
    {
        var entity = new TableEntity(StorageNames.AccountPartition, accountId) { ["Enabled"] = enabled, ["XHandle"] = Handle };
        if (tokenState is not null)
        {
            entity["TokenState"] = tokenState;
            entity["TokenStateReason"] = "set by the test";
        }
        await Accounts().UpsertEntityAsync(entity);
    }

    public async Task<AccountSettings?> GetAccountAsync(string accountId) =>
        await new RotationFunctions.Schedule.AccountsTable(TableService(), Microsoft.Extensions.Options.Options.Create(Names), Microsoft.Extensions.Options.Options.Create(new ScheduleOptions()))
            .GetAsync(accountId, CancellationToken.None);

    /// <summary>Tokens as if the account had been authorized; stored with the given expiry (default: the real one).</summary>
    public async Task<TokenBundle> SeedTokensAsync(string accountId, DateTimeOffset? storedExpiresAt = null, string? accessToken = null)
    {
        var issued = X.IssueTokens(ClientId, UserId, Scopes);
        var bundle = new TokenBundle(accessToken ?? issued.AccessToken, issued.RefreshToken!, storedExpiresAt ?? issued.ExpiresAt, issued.Scope);
        await using var host = CreateHost("seed");
        await host.GetRequiredService<ITokenStore>().SaveAsync(accountId, bundle, "test-seed", CancellationToken.None);
        return bundle;
    }

    public TokenBundle? StoredBundle(string accountId) =>
        Vault.GetVersions(StorageNames.Default.TokenSecret(accountId)) is { Count: > 0 } versions ? TokenBundle.FromJson(versions[^1].Value) : null;

    /// <summary>
    /// A host as a separate process would have it: its own DI container, HttpClients, locks and clients.
    /// <paramref name="vaultPolicy"/> sees its Key Vault calls; <paramref name="storageClients"/> tunes its storage clients.
    /// </summary>
    public ServiceProvider CreateHost(
        string instanceName = "host-1",
        Action<IServiceCollection>? configure = null,
        HttpPipelinePolicy? vaultPolicy = null,
        Action<ClientOptions, AzureService>? storageClients = null)
    {
        var provider = RotationHost.Build(new RotationHostOptions
        {
            Time = Time,
            StorageConnectionString = ConnectionString,
            ConfigureStorageClient = storageClients,
            Secrets = CreateSecretClient(vaultPolicy),
            XBaseUrl = X.BaseAddress,
            Names = Names,
            Settings = TestHostSettings.Fast()
                .Where(s => FastTokenSettings || !s.Key.StartsWith("TokenRotation:", StringComparison.Ordinal))
                .Concat(FastTokenSettings
                    ? new Dictionary<string, string?> { ["TokenRotation:LeaseWaitTimeout"] = "00:01:00", ["TokenRotation:StoreRetryMaxTotal"] = "00:00:30" }
                    : [])
                .Concat(new Dictionary<string, string?> { ["TokenRotation:InstanceName"] = instanceName })
                .Concat(Settings),
            Logs = new FakeLoggerProvider(Logs),
            MinimumLevel = LogLevel.Trace,
        }, configure);
        _hosts.Add(provider);
        return provider;
    }

    /// <summary>Every value that must never appear in a log line, an exception message or CLI output.</summary>
    public IReadOnlyList<string> SecretValues(params string[] accountIds)
    {
        var values = new List<string> { ClientSecret };
        foreach (var accountId in accountIds)
        {
            foreach (var version in Vault.GetVersions(StorageNames.Default.TokenSecret(accountId)))
            {
                var bundle = TokenBundle.FromJson(version.Value);
                values.Add(bundle.AccessToken);
                values.Add(bundle.RefreshToken);
            }
        }
        values.AddRange(X.ReusedRefreshTokens);
        return values.Distinct().ToList();
    }

    /// <summary>All captured log output as text: messages, structured values, exceptions.</summary>
    public string AllLogText()
    {
        var text = new System.Text.StringBuilder();
        foreach (var record in Logs.GetSnapshot())
        {
            text.AppendLine(record.ToString());
            text.AppendLine(record.Message);
            foreach (var pair in record.StructuredState ?? [])
            {
                text.AppendLine($"{pair.Key}={pair.Value}");
            }
            if (record.Exception is not null)
            {
                text.AppendLine(record.Exception.ToString());
            }
        }
        return text.ToString();
    }

    public void AssertNoSecretIn(string text, params string[] accountIds)
    {
        foreach (var secret in SecretValues(accountIds))
        {
            var at = text.IndexOf(secret, StringComparison.Ordinal);
            // On failure, show where, with the value itself cut out.
            Assert.True(at < 0, at < 0 ? "" : "A token or secret value appeared in the output: …" +
                text[Math.Max(0, at - 200)..at] + "[the value]" + text[(at + secret.Length)..Math.Min(text.Length, at + secret.Length + 100)]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await X.DisposeAsync();
        await Vault.DisposeAsync();
    }
}

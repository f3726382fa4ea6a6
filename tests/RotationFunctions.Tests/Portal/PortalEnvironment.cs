using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using RotationFunctions.Portal;
using RotationFunctions.Tests.Handover;
using RotationFunctions.Tokens;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// The portal on Kestrel (127.0.0.1) for one test, built by <see cref="PortalServer"/> like every host:
/// the collection's Azurite under this test's own names, the X and Key Vault stand-ins, a FakeTimeProvider.
/// The account "sos" (Swedish) has slot 2027-01-04 (Anna, 07:00Z, current at the start) and 2027-01-11.
/// </summary>
internal sealed class PortalEnvironment : IAsyncDisposable
{
    public const string AccountId = PipelineEnvironment.AccountId;
    public const string CurrentSlot = "2027-01-04";
    public const string NextSlot = "2027-01-11";
    public static readonly DateTimeOffset SlotStart = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    private PortalEnvironment(PortalServer server, XApiStandIn x, KeyVaultStandIn vault, FakeTimeProvider time, FakeLogCollector logs, string connectionString)
    {
        ConnectionString = connectionString;
        Server = server;
        X = x;
        Vault = vault;
        Time = time;
        Logs = logs;
        Names = server.Services.GetRequiredService<IOptions<StorageNames>>().Value;
        var tables = server.Services.GetRequiredService<TableServiceClient>();
        ScheduleTable = tables.GetTableClient(Names.ScheduleTable);
        AccountsTable = tables.GetTableClient(Names.AccountsTable);
        PostsTable = tables.GetTableClient(Names.PostsTable);
    }

    public string ConnectionString { get; }
    public PortalServer Server { get; }
    public XApiStandIn X { get; }
    public KeyVaultStandIn Vault { get; }
    public FakeTimeProvider Time { get; }
    public FakeLogCollector Logs { get; }
    public StorageNames Names { get; }
    public TableClient ScheduleTable { get; }
    public TableClient AccountsTable { get; }
    public TableClient PostsTable { get; }
    public PortalService Portal => Server.Services.GetRequiredService<PortalService>();

    public static async Task<PortalEnvironment> StartAsync(AzuriteFixture azurite, DateTimeOffset? now = null, Action<TableEntity>? currentSlot = null)
    {
        var time = new FakeTimeProvider(now ?? SlotStart.AddHours(2));
        var x = await XApiStandIn.StartAsync(time);
        var vault = await KeyVaultStandIn.StartAsync(time);
        x.RegisterClient(PipelineEnvironment.ClientId);
        x.AddUser(PipelineEnvironment.UserId, "Södersjukhuset", "Sodersjukhuset");
        var secretOptions = vault.CreateSecretClientOptions();
        secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var names = AzuriteFixture.UniqueNames();
        var id = AzuriteFixture.UniqueName("p").ToLowerInvariant();
        names.PortalLinksTable = "PortalLinks" + id;
        names.PostsTable = "Posts" + id;
        names.PortalKeyContainer = "portal-keys-" + id;
        var logs = new FakeLogCollector();
        var server = await PortalServer.StartAsync(new RotationHostOptions
        {
            Time = time,
            StorageConnectionString = azurite.ConnectionString,
            Secrets = vault.CreateSecretClient(secretOptions),
            XBaseUrl = x.BaseAddress,
            Names = names,
            Settings = TestHostSettings.Fast(),
            Logs = new FakeLoggerProvider(logs),
            MinimumLevel = LogLevel.Debug,
        });
        var environment = new PortalEnvironment(server, x, vault, time, logs, azurite.ConnectionString);
        await server.Services.GetRequiredService<SecretClient>().SetSecretAsync(names.ClientIdSecret, PipelineEnvironment.ClientId);
        var issued = x.IssueTokens(PipelineEnvironment.ClientId, PipelineEnvironment.UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);
        await server.Services.GetRequiredService<ITokenStore>().SaveAsync(AccountId, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "test-seed", default);

        await environment.AccountsTable.UpsertEntityAsync(Rows.Account(AccountId).With("XUserId", PipelineEnvironment.UserId), TableUpdateMode.Replace);
        var slot = Rows.Slot(CurrentSlot, approved: false).With("CuratorEmail", "anna@example.se");
        currentSlot?.Invoke(slot);
        await environment.ScheduleTable.UpsertEntityAsync(slot, TableUpdateMode.Replace);
        await environment.ScheduleTable.UpsertEntityAsync(Rows.Slot(NextSlot, "Ahmed Yusuf", "ahmed_fastighet", "vaktmästare"), TableUpdateMode.Replace);
        return environment;
    }

    /// <summary>The slot's link as `rotation portal link` prints it.</summary>
    public async Task<Uri> LinkAsync(string slot = CurrentSlot, bool renew = false) =>
        Server.LinkAddress((await Portal.IssueAsync(AccountId, slot, renew, default))!);

    public Uri Page(string path = "") => new(Server.PortalAddress, path);

    public IReadOnlyList<string> Tweets() => [.. X.GetTweets(PipelineEnvironment.UserId).Where(t => !t.Deleted).Select(t => t.Text)];

    public async Task<TableEntity> SlotRowAsync(string slot = CurrentSlot) => (await ScheduleTable.GetEntityAsync<TableEntity>(AccountId, slot)).Value;

    public async Task<List<TableEntity>> PostRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in PostsTable.QueryAsync<TableEntity>(r => r.PartitionKey == AccountId))
        {
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await X.DisposeAsync();
        await Vault.DisposeAsync();
    }
}

namespace RotationFunctions.Tests.Infrastructure;

/// <summary>
/// What a test's host of the whole system stands on: the X and Key Vault stand-ins on one FakeTimeProvider
/// (their tweets, counts and faults are what the test asserts on, so they are the test's own), the collection's
/// Azurite under this test's own names, and the account "sos" authorized as `rotation x authorize` leaves it.
/// The tables are there as an admin's editor sees them: rows go in here, not through the core's readers.
/// </summary>
internal abstract class HostEnvironment : IAsyncDisposable
{
    public const string AccountId = "sos";
    public const string UserId = "1500000000000000001";
    public const string ClientId = "rotation-client";

    private readonly RequestCounter? _requests;

    protected HostEnvironment(StandIns standIns, IServiceProvider services, string connectionString, RequestCounter? requests = null)
    {
        _requests = requests;
        (X, Vault, Time, Logs) = standIns;
        ConnectionString = connectionString;
        Names = services.GetRequiredService<IOptions<StorageNames>>().Value;
        Tables = services.GetRequiredService<TableServiceClient>();
        AccountsTable = Tables.GetTableClient(Names.AccountsTable);
        ScheduleTable = Tables.GetTableClient(Names.ScheduleTable);
        PostsTable = Tables.GetTableClient(Names.PostsTable);
        HandoversTable = Tables.GetTableClient(Names.HandoversTable);
        NoticesTable = Tables.GetTableClient(Names.NoticesTable);
    }

    public XApiStandIn X { get; }
    public KeyVaultStandIn Vault { get; }
    public FakeTimeProvider Time { get; }
    public FakeLogCollector Logs { get; }
    public string ConnectionString { get; }

    /// <summary>This test's table, queue and container names.</summary>
    public StorageNames Names { get; }

    protected TableServiceClient Tables { get; }
    public TableClient AccountsTable { get; }
    public TableClient ScheduleTable { get; }
    /// <summary>The Posts audit (the portal's posts and takedowns, the notices' reads of it).</summary>
    public TableClient PostsTable { get; }
    public TableClient HandoversTable { get; }
    public TableClient NoticesTable { get; }

    /// <summary>Every storage request of the host, for a budget (when the environment counts them).</summary>
    public RequestCounter Requests => _requests ?? throw new InvalidOperationException("This environment does not count storage requests.");

    public async Task AddAccountAsync(TableEntity? account = null) =>
        await AccountsTable.UpsertEntityAsync((account ?? Rows.Account(AccountId)).With("XUserId", UserId), TableUpdateMode.Replace);

    public async Task AddSlotAsync(TableEntity slot) => await ScheduleTable.UpsertEntityAsync(slot, TableUpdateMode.Replace);

    /// <summary>The texts of the account's tweets that X still shows.</summary>
    public IReadOnlyList<string> Tweets() => [.. X.GetTweets(UserId).Where(t => !t.Deleted).Select(t => t.Text)];

    public virtual async ValueTask DisposeAsync()
    {
        await X.DisposeAsync();
        await Vault.DisposeAsync();
    }

    /// <summary>The stand-ins of one test, on its clock, and the collector its host logs into.</summary>
    protected sealed record StandIns(XApiStandIn X, KeyVaultStandIn Vault, FakeTimeProvider Time, FakeLogCollector Logs)
    {
        /// <param name="xOptions">How the X stand-in behaves (its duplicate check, its timeline's lag); null: its defaults.</param>
        public static async Task<StandIns> StartAsync(DateTimeOffset now, XApiStandInOptions? xOptions = null)
        {
            var time = new FakeTimeProvider(now);
            var x = await XApiStandIn.StartAsync(time, xOptions);
            var vault = await KeyVaultStandIn.StartAsync(time);
            x.RegisterClient(ClientId);
            x.AddUser(UserId, "Södersjukhuset", "Sodersjukhuset");
            return new StandIns(x, vault, time, new FakeLogCollector());
        }

        /// <summary>A host on these stand-ins and <paramref name="azurite"/> under <paramref name="names"/>, logging at Debug into <see cref="Logs"/>.</summary>
        public RotationHostOptions HostOptions(AzuriteFixture azurite, StorageNames names, IEnumerable<KeyValuePair<string, string?>> settings)
        {
            var secretOptions = Vault.CreateSecretClientOptions();
            secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
            return new RotationHostOptions
            {
                Time = Time,
                StorageConnectionString = azurite.ConnectionString,
                Secrets = Vault.CreateSecretClient(secretOptions),
                XBaseUrl = X.BaseAddress,
                Names = names,
                Settings = settings,
                Logs = new FakeLoggerProvider(Logs),
                MinimumLevel = LogLevel.Debug,
            };
        }

        /// <summary>As `rotation x authorize` leaves the account: the client id and its first token bundle in the vault.</summary>
        public async Task AuthorizeAsync(IServiceProvider services)
        {
            var names = services.GetRequiredService<IOptions<StorageNames>>().Value;
            await services.GetRequiredService<SecretClient>().SetSecretAsync(names.ClientIdSecret, ClientId);
            var issued = X.IssueTokens(ClientId, UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);
            await services.GetRequiredService<ITokenStore>().SaveAsync(AccountId, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "test-seed", default);
        }
    }
}

using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Storage;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Tokens;
using RotationFunctions.Tests.Schedule;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Handover;

/// <summary>
/// A whole pipeline for one test: its own Azurite, the X stand-in, a FakeTimeProvider and the
/// services wired by the same AddXxx extensions the Function App uses.
/// </summary>
internal sealed class PipelineEnvironment : IAsyncDisposable
{
    public const string AccountId = "sos";
    public const string UserId = "1500000000000000001";

    public const string ClientId = "rotation-client";

    private readonly AzuriteProcess _azurite;
    private readonly ServiceProvider _services;

    private PipelineEnvironment(AzuriteProcess azurite, XApiStandIn x, KeyVaultStandIn vault, FakeTimeProvider time, ServiceProvider services, RequestCounter counter)
    {
        _azurite = azurite;
        X = x;
        Vault = vault;
        Time = time;
        _services = services;
        Requests = counter;
    }

    public XApiStandIn X { get; }
    public KeyVaultStandIn Vault { get; }
    public FakeTimeProvider Time { get; }
    public RequestCounter Requests { get; }
    public FakeLogCollector Logs => _services.GetRequiredService<FakeLogCollector>();
    public HandoverPlanner Planner => _services.GetRequiredService<HandoverPlanner>();
    public HandoverProcessor Processor => _services.GetRequiredService<HandoverProcessor>();
    public HandoverStore Handovers => _services.GetRequiredService<HandoverStore>();
    public ScheduleTable Schedule => _services.GetRequiredService<ScheduleTable>();
    public TokenRotationService Rotation => _services.GetRequiredService<TokenRotationService>();

    /// <summary>POST /2/tweets requests X has seen.</summary>
    public int PostAttempts => X.GetRequestCount("POST", "/2/tweets");
    public string ConnectionString => _azurite.ConnectionString;

    public static async Task<PipelineEnvironment> StartAsync(DateTimeOffset start, Dictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(start);
        var azurite = await AzuriteProcess.StartAsync();
        var x = await XApiStandIn.StartAsync(time);
        var vault = await KeyVaultStandIn.StartAsync(time);
        x.RegisterClient(ClientId);
        x.AddUser(UserId, "Södersjukhuset", "Sodersjukhuset");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            // Azurite keeps real time; the test moves a fake clock, so queue delays are not waited out.
            ["Handover:QueueDelayScale"] = "0",
            ["X:BaseUrl"] = x.BaseAddress.ToString(),
            ["X:RetryBaseDelay"] = "00:00:00.010",
            ["X:AttemptTimeout"] = "00:00:02",
            ["TokenRotation:LeaseDuration"] = "00:00:15",
            ["TokenRotation:LeasePollInterval"] = "00:00:00.020",
            ["TokenRotation:StoreRetryBaseDelay"] = "00:00:00.010",
            ["TokenRotation:StoreRetryMaxDelay"] = "00:00:00.100",
        }.Concat(settings ?? [])).Build();

        var counter = new RequestCounter();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug)).AddFakeLogging();
        services.AddSingleton(new TableServiceClient(azurite.ConnectionString, counter.Attach(new TableClientOptions())));
        services.AddSingleton(new QueueServiceClient(azurite.ConnectionString, counter.Attach(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })));
        services.AddSingleton(new BlobServiceClient(azurite.ConnectionString));
        var secretOptions = vault.CreateSecretClientOptions();
        secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        services.AddSingleton(vault.CreateSecretClient(secretOptions));
        services.AddStorageClients(configuration)
            .AddSchedule(configuration)
            .AddHandovers(configuration)
            .AddXApi(configuration)
            .AddTokenRotation(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<AccountsTable>().EnsureCreatedAsync(default);
        await provider.GetRequiredService<ScheduleTable>().EnsureCreatedAsync(default);
        await provider.GetRequiredService<HandoverStore>().EnsureCreatedAsync(default);
        await provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Default.LeaseContainer).CreateIfNotExistsAsync();
        // As `rotation x authorize` leaves it: client id and the account's first token bundle in the vault.
        var secrets = provider.GetRequiredService<Azure.Security.KeyVault.Secrets.SecretClient>();
        await secrets.SetSecretAsync(StorageNames.Default.ClientIdSecret, ClientId);
        var issued = x.IssueTokens(ClientId, UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);
        await provider.GetRequiredService<ITokenStore>().SaveAsync(AccountId, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "test-seed", default);
        return new PipelineEnvironment(azurite, x, vault, time, provider, counter);
    }

    public async Task AddAccountAsync(TableEntity? account = null) =>
        await Table(n => n.AccountsTable).UpsertEntityAsync((account ?? Rows.Account(AccountId)).With("XUserId", UserId), TableUpdateMode.Replace);

    public async Task AddSlotAsync(TableEntity slot) => await Table(n => n.ScheduleTable).UpsertEntityAsync(slot, TableUpdateMode.Replace);

    public async Task DeleteSlotAsync(string rowKey) => await Table(n => n.ScheduleTable).DeleteEntityAsync(AccountId, rowKey);

    private TableClient Table(Func<StorageNames, string> name) =>
        _services.GetRequiredService<TableServiceClient>().GetTableClient(name(_services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageNames>>().Value));

    public HandoverQueueWorker Worker()
    {
        var worker = _services.GetRequiredService<HandoverQueueWorker>();
        worker.RetryDelay = TimeSpan.Zero;
        return worker;
    }

    /// <summary>Delivers every message that is due at the fake now; messages not yet due stay queued.</summary>
    public async Task<int> DeliverDueAsync()
    {
        var worker = Worker();
        var handled = 0;
        for (var pass = 0; pass < 50; pass++)
        {
            var outcomes = await worker.RunOnceAsync(default);
            var progress = outcomes.Count(o => o != HandoverOutcome.NotYetDue);
            handled += progress;
            if (progress == 0)
            {
                break;
            }
        }
        return handled;
    }

    /// <summary>
    /// Runs the clock forward in steps, with a planner tick and deliveries after each step. The clock
    /// also stops at each planned boundary, as the queue trigger fires when a message becomes visible.
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset until, TimeSpan step)
    {
        await Planner.PlanAsync(default);
        await DeliverDueAsync();
        while (Time.GetUtcNow() < until)
        {
            var now = Time.GetUtcNow();
            var next = now + step;
            foreach (var row in await HandoverRowsAsync())
            {
                if (row.Status == HandoverStatus.Planned && row.BoundaryAt > now && row.BoundaryAt < next)
                {
                    next = row.BoundaryAt;
                }
            }
            Time.Advance((next > until ? until : next) - now);
            await Rotation.RotateDueAsync(default);
            await Planner.PlanAsync(default);
            await DeliverDueAsync();
        }
    }

    /// <summary>Moves the clock and plans, without delivering yet.</summary>
    public async Task AdvanceToAndPlanAsync(DateTimeOffset to)
    {
        Time.Advance(to - Time.GetUtcNow());
        await Planner.PlanAsync(default);
    }

    public IReadOnlyList<string> Tweets() => [.. X.GetTweets(UserId).Where(t => !t.Deleted).Select(t => t.Text)];

    public async Task<List<HandoverRecord>> HandoverRowsAsync()
    {
        var rows = new List<HandoverRecord>();
        await foreach (var row in Handovers.Table.QueryAsync<HandoverRecord>(r => r.PartitionKey == AccountId))
        {
            rows.Add(row);
        }
        return rows;
    }

    public async Task<int> QueueLengthAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await X.DisposeAsync();
        await Vault.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

/// <summary>Counts storage requests by method, as an Azure SDK pipeline policy sees them.</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly List<(string Method, string Path)> _requests = [];

    public T Attach<T>(T options) where T : ClientOptions
    {
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return options;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        lock (_requests)
        {
            _requests.Add((message.Request.Method.Method, message.Request.Uri.Path));
        }
    }

    public void Reset()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public IReadOnlyList<(string Method, string Path)> Snapshot()
    {
        lock (_requests)
        {
            return [.. _requests];
        }
    }
}

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
using RotationFunctions.AzureClients;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Tests.Schedule;
using RotationFunctions.X;

namespace RotationFunctions.Tests.Handover;

/// <summary>
/// A whole pipeline for one test: its own Azurite, the X stand-in, a FakeTimeProvider and the
/// services wired by the same AddXxx extensions the Function App uses.
/// </summary>
internal sealed class PipelineEnvironment : IAsyncDisposable
{
    public const string AccountId = "sos";
    public const string UserId = "1500000000000000001";

    private readonly AzuriteProcess _azurite;
    private readonly ServiceProvider _services;
    private readonly XTokenSet _tokens;

    private PipelineEnvironment(AzuriteProcess azurite, XApiStandIn x, FakeTimeProvider time, ServiceProvider services, XTokenSet tokens, RequestCounter counter)
    {
        _azurite = azurite;
        X = x;
        Time = time;
        _services = services;
        _tokens = tokens;
        Requests = counter;
    }

    public XApiStandIn X { get; }
    public FakeTimeProvider Time { get; }
    public RequestCounter Requests { get; }
    public FakeLogCollector Logs => _services.GetRequiredService<FakeLogCollector>();
    public HandoverPlanner Planner => _services.GetRequiredService<HandoverPlanner>();
    public HandoverProcessor Processor => _services.GetRequiredService<HandoverProcessor>();
    public HandoverStore Handovers => _services.GetRequiredService<HandoverStore>();
    public ScheduleStore Schedule => _services.GetRequiredService<ScheduleStore>();
    public StandInTweetPublisher Publisher => (StandInTweetPublisher)_services.GetRequiredService<ITweetPublisher>();
    public string ConnectionString => _azurite.ConnectionString;

    public static async Task<PipelineEnvironment> StartAsync(DateTimeOffset start, Dictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(start);
        var azurite = await AzuriteProcess.StartAsync();
        var x = await XApiStandIn.StartAsync(time);
        x.RegisterClient("rotation-client");
        x.AddUser(UserId, "Södersjukhuset", "Sodersjukhuset");
        var tokens = x.IssueTokens("rotation-client", UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            // Azurite keeps real time; the test moves a fake clock, so queue delays are not waited out.
            ["Handover:QueueDelayScale"] = "0",
        }.Concat(settings ?? [])).Build();

        var counter = new RequestCounter();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug)).AddFakeLogging();
        services.AddSingleton(new TableServiceClient(azurite.ConnectionString, counter.Attach(new TableClientOptions())));
        services.AddSingleton(new QueueServiceClient(azurite.ConnectionString, counter.Attach(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })));
        services.AddSingleton(new BlobServiceClient(azurite.ConnectionString));
        services.AddStorageClients(configuration).AddSchedule(configuration).AddHandovers(configuration);
        var http = new HttpClient { BaseAddress = x.BaseAddress };
        // Until token rotation is wired in here, a fresh token is seeded whenever the 2 h one has expired.
        var current = tokens;
        string AccessToken(string _)
        {
            if (current.ExpiresAt <= time.GetUtcNow())
            {
                current = x.IssueTokens("rotation-client", UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);
            }
            return current.AccessToken;
        }
        services.AddSingleton<ITweetPublisher>(new StandInTweetPublisher(http, AccessToken, _ => UserId));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<ScheduleStore>().EnsureTablesAsync(default);
        await provider.GetRequiredService<HandoverStore>().EnsureCreatedAsync(default);
        return new PipelineEnvironment(azurite, x, time, provider, tokens, counter);
    }

    public async Task AddAccountAsync(TableEntity? account = null) =>
        await Schedule.Accounts.UpsertEntityAsync(account ?? Rows.Account(AccountId), TableUpdateMode.Replace);

    public async Task AddSlotAsync(TableEntity slot) => await Schedule.Schedule.UpsertEntityAsync(slot, TableUpdateMode.Replace);

    public async Task DeleteSlotAsync(string rowKey) => await Schedule.Schedule.DeleteEntityAsync(AccountId, rowKey);

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

    /// <summary>Runs the clock forward in steps, with a planner tick and deliveries after each step.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, TimeSpan step)
    {
        await Planner.PlanAsync(default);
        await DeliverDueAsync();
        while (Time.GetUtcNow() < until)
        {
            var next = Time.GetUtcNow() + step;
            Time.Advance((next > until ? until : next) - Time.GetUtcNow());
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

using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Handover;

/// <summary>
/// A whole pipeline for one test on its <see cref="HostEnvironment"/>: a host built by <see cref="RotationHost"/>,
/// with queue names of this test's own. The host posts through the real publisher behind <see cref="Hooks"/>,
/// which do nothing until a test sets them.
/// </summary>
internal sealed class PipelineEnvironment : HostEnvironment
{
    private readonly ServiceProvider _services;

    private PipelineEnvironment(StandIns standIns, ServiceProvider services, string connectionString, RequestCounter counter, PublisherHooks hooks)
        : base(standIns, services, connectionString, counter)
    {
        _services = services;
        Hooks = hooks;
    }

    /// <summary>The Bluesky PDS and Mastodon instance stand-ins, when started with channels.</summary>
    public RotationFunctions.StandIns.Bluesky.BlueskyStandIn? Bluesky { get; private set; }
    public RotationFunctions.StandIns.Mastodon.MastodonStandIn? Mastodon { get; private set; }

    /// <summary>Run around each post the handover makes (see <see cref="HookedPublisher"/>).</summary>
    public PublisherHooks Hooks { get; }

    public IServiceProvider Services => _services;
    public HandoverPlanner Planner => _services.GetRequiredService<HandoverPlanner>();
    public HandoverProcessor Processor => _services.GetRequiredService<HandoverProcessor>();
    public HandoverStore Handovers => _services.GetRequiredService<HandoverStore>();
    public HandoverChecks Checks => _services.GetRequiredService<HandoverChecks>();
    public ScheduleTable Schedule => _services.GetRequiredService<ScheduleTable>();
    public TokenRotationService Rotation => _services.GetRequiredService<TokenRotationService>();
    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>POST /2/tweets requests X has seen.</summary>
    public int PostAttempts => X.GetRequestCount("POST", "/2/tweets");

    public static async Task<PipelineEnvironment> StartAsync(AzuriteFixture azurite, DateTimeOffset start, Dictionary<string, string?>? settings = null, XApiStandInOptions? xOptions = null, bool channels = false)
    {
        var standIns = await StandIns.StartAsync(start, xOptions);
        var bluesky = channels ? await RotationFunctions.StandIns.Bluesky.BlueskyStandIn.StartAsync(standIns.Time) : null;
        var mastodon = channels ? await RotationFunctions.StandIns.Mastodon.MastodonStandIn.StartAsync(standIns.Time) : null;
        if (bluesky is not null)
        {
            settings = new Dictionary<string, string?>(settings ?? []) { ["Bluesky:ServiceUrl"] = bluesky.BaseAddress.ToString() };
        }
        var counter = new RequestCounter();
        var hooks = new PublisherHooks();
        var provider = RotationHost.Build(standIns.HostOptions(azurite, AzuriteFixture.UniqueNames(), TestHostSettings.Fast()
                // Azurite keeps real time; the test moves a fake clock, so queue delays are not waited out.
                .Append(new("Handover:QueueDelayScale", "0"))
                .Concat(settings ?? [])) with { Requests = counter },
            services =>
            {
                services.RemoveAll<ITweetPublisher>();
                services.AddTransient<ITweetPublisher>(sp => new HookedPublisher(sp.GetRequiredService<XTweetPublisher>(), hooks));
            });

        await RotationHost.EnsureStorageAsync(provider);
        await standIns.AuthorizeAsync(provider);
        var env = new PipelineEnvironment(standIns, provider, azurite.ConnectionString, counter, hooks) { Bluesky = bluesky, Mastodon = mastodon };
        if (bluesky is not null && mastodon is not null)
        {
            // As `rotation bluesky authorize` and `rotation mastodon authorize` would leave the account.
            bluesky.AddAccount(BlueskyDid, "sodersjukhuset.bsky.social", "app-password-1");
            var session = await provider.GetRequiredService<RotationFunctions.Channels.Bluesky.BlueskyClient>().CreateSessionAsync("sodersjukhuset.bsky.social", "app-password-1", default);
            await provider.GetRequiredService<RotationFunctions.Channels.Bluesky.BlueskySessions>().SaveAsync(AccountId, session, default);
            mastodon.AddAccount(MastodonAccountId, "sodersjukhuset", "mastodon-token-1");
            await provider.GetRequiredService<SecretClient>().SetSecretAsync("mastodon-token-" + AccountId, "mastodon-token-1");
        }
        return env;
    }

    public async Task DeleteSlotAsync(string rowKey) => await ScheduleTable.DeleteEntityAsync(AccountId, rowKey);

    public QueueTriggerWorker<HandoverOutcome> Worker()
    {
        var worker = _services.GetRequiredService<QueueTriggerWorker<HandoverOutcome>>();
        worker.RetryDelay = TimeSpan.Zero;
        return worker;
    }

    /// <summary>
    /// Delivers every message that is due at the fake now; messages not yet due stay queued. A deferred copy
    /// waits for a later time, so (like one not yet due) it is not progress: with queue delays scaled to
    /// zero it shows up again at once, and counting it would run all 50 passes.
    /// </summary>
    public async Task<int> DeliverDueAsync()
    {
        var worker = Worker();
        var handled = 0;
        for (var pass = 0; pass < 50; pass++)
        {
            var outcomes = await worker.RunOnceAsync(default);
            var progress = outcomes.Count(o => o is not (HandoverOutcome.NotYetDue or HandoverOutcome.Deferred));
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

    /// <summary>Moves the clock to <paramref name="to"/>, as for an app that was down until then: nothing runs.</summary>
    public void AdvanceTo(DateTimeOffset to) => Time.Advance(to - Time.GetUtcNow());

    /// <summary>Moves the clock and plans, without delivering yet.</summary>
    public async Task<PlanResult> AdvanceToAndPlanAsync(DateTimeOffset to)
    {
        AdvanceTo(to);
        return await Planner.PlanAsync(default);
    }

    public async Task<List<HandoverRecord>> HandoverRowsAsync()
    {
        var rows = new List<HandoverRecord>();
        await foreach (var row in HandoversTable.QueryAsync<HandoverRecord>(r => r.PartitionKey == AccountId))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The Handovers row of the boundary <paramref name="rowKey"/>, e.g. "2027-01-11T07:00:00Z".</summary>
    public async Task<HandoverRecord> HandoverRowAsync(string rowKey) => (await HandoverRowsAsync()).Single(r => r.RowKey == rowKey);

    public async Task<int> QueueLengthAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public const string BlueskyDid = "did:plc:sodersjukhuset";
    public const string MastodonAccountId = "109000000000000001";

    public override async ValueTask DisposeAsync()
    {
        if (Bluesky is not null)
        {
            await Bluesky.DisposeAsync();
        }
        if (Mastodon is not null)
        {
            await Mastodon.DisposeAsync();
        }
        await _services.DisposeAsync();
        await base.DisposeAsync();
    }
}

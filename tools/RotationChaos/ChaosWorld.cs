using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using RotationFunctions.Hosting;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Storage;

namespace RotationFunctions.Chaos;

/// <summary>
/// What outlives every simulated process of one worker: a real Azurite and the Key Vault and X
/// stand-ins. Seeds run one after another on it, each with its own account ids and queue, so
/// Azurite starts once per worker instead of once per seed.
/// </summary>
public sealed class ChaosWorld : IAsyncDisposable
{
    public const string ClientId = "chaos-client";

    private static int _worlds;
    private int _runs;

    private ChaosWorld(StandInServices standIns, SwitchableTimeProvider time, XApiStandInOptions xOptions)
    {
        StandIns = standIns;
        Time = time;
        XOptions = xOptions;
        Id = Interlocked.Increment(ref _worlds);
        Tables = new TableServiceClient(Azurite.ConnectionString);
        Queues = new QueueServiceClient(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Secrets = standIns.CreateSecretClient(o => o.Retry.Delay = TimeSpan.FromMilliseconds(5))!;
        Blobs = new BlobServiceClient(Azurite.ConnectionString);
    }

    public int Id { get; }

    /// <summary>Azurite and the Key Vault and X stand-ins, all started (the chaos suite never runs on real services).</summary>
    public StandInServices StandIns { get; }
    public AzuriteProcess Azurite => StandIns.Azurite!;
    public XApiStandIn X => StandIns.X!;
    public KeyVaultStandIn Vault => StandIns.Vault!;
    public RotationFunctions.StandIns.Bluesky.BlueskyStandIn Bluesky => StandIns.Bluesky!;
    public RotationFunctions.StandIns.Mastodon.MastodonStandIn Mastodon => StandIns.Mastodon!;

    /// <summary>The stand-ins' clock: each run points it at its own FakeTimeProvider.</summary>
    public SwitchableTimeProvider Time { get; }

    /// <summary>The admin's and the checker's storage clients: no faults, never crash.</summary>
    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public SecretClient Secrets { get; }
    public BlobServiceClient Blobs { get; }

    /// <summary>
    /// The X stand-in's options, read by it at every request: a run sets the duplicate window and the
    /// timeline lag of its profile (<see cref="Apply"/>), and puts them back when it ends.
    /// </summary>
    public XApiStandInOptions XOptions { get; }

    /// <summary>Sets the stand-ins to a run's profile (<see cref="ChaosProfile.Kind"/> puts them back).</summary>
    public void Apply(ChaosProfile profile)
    {
        XOptions.DuplicateWindow = profile.DuplicateWindow;
        XOptions.TimelineLag = profile.TimelineLag;
    }

    public static async Task<ChaosWorld> StartAsync(CancellationToken cancellationToken = default)
    {
        var time = new SwitchableTimeProvider();
        var xOptions = new XApiStandInOptions { OtherLimit = 10_000, PostLimit = 10_000 };
        // Three channels: every account posts on X, Bluesky and Mastodon, each judged exactly once on its own record.
        var standIns = await StandInServices.StartAsync(null, time, xOptions, channels: true, cancellationToken: cancellationToken);
        standIns.X!.RegisterClient(ClientId);
        var world = new ChaosWorld(standIns, time, xOptions);
        // The production names: runs share the tables (each with its own account ids) and have their own queue.
        await world.Tables.CreateTableIfNotExistsAsync(StorageNames.Default.AccountsTable, cancellationToken);
        await world.Tables.CreateTableIfNotExistsAsync(StorageNames.Default.ScheduleTable, cancellationToken);
        await world.Tables.CreateTableIfNotExistsAsync(StorageNames.Default.HandoversTable, cancellationToken);
        await world.Blobs.GetBlobContainerClient(StorageNames.Default.LeaseContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await world.Secrets.SetSecretAsync(StorageNames.Default.ClientIdSecret, ClientId, cancellationToken);
        return world;
    }

    /// <summary>A prefix no other run on this machine's worlds uses: account ids and queue names start with it.</summary>
    public (string Prefix, int Number) NextRun()
    {
        var n = Interlocked.Increment(ref _runs);
        return ($"w{Id}r{n}", n);
    }

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public ValueTask DisposeAsync() => StandIns.DisposeAsync();
}

using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Tokens;
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

    private ChaosWorld(AzuriteProcess azurite, XApiStandIn x, KeyVaultStandIn vault, SwitchableTimeProvider time)
    {
        Azurite = azurite;
        X = x;
        Vault = vault;
        Time = time;
        Id = Interlocked.Increment(ref _worlds);
        Tables = new TableServiceClient(azurite.ConnectionString);
        Queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var secretOptions = vault.CreateSecretClientOptions();
        secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(5);
        Secrets = vault.CreateSecretClient(secretOptions);
    }

    public int Id { get; }
    public AzuriteProcess Azurite { get; }
    public XApiStandIn X { get; }
    public KeyVaultStandIn Vault { get; }

    /// <summary>The stand-ins' clock: each run points it at its own FakeTimeProvider.</summary>
    public SwitchableTimeProvider Time { get; }

    /// <summary>The admin's and the checker's storage clients: no faults, never crash.</summary>
    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public SecretClient Secrets { get; }

    public static async Task<ChaosWorld> StartAsync(CancellationToken cancellationToken = default)
    {
        var time = new SwitchableTimeProvider();
        var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var x = await XApiStandIn.StartAsync(time, new XApiStandInOptions { OtherLimit = 10_000, PostLimit = 10_000 }, cancellationToken);
        var vault = await KeyVaultStandIn.StartAsync(time, cancellationToken: cancellationToken);
        x.RegisterClient(ClientId);
        var world = new ChaosWorld(azurite, x, vault, time);
        await world.Tables.CreateTableIfNotExistsAsync(StorageNames.Default.AccountsTable, cancellationToken);
        await world.Tables.CreateTableIfNotExistsAsync(StorageNames.Default.ScheduleTable, cancellationToken);
        await world.Tables.CreateTableIfNotExistsAsync(StorageNames.Default.HandoversTable, cancellationToken);
        await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(StorageNames.Default.LeaseContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
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

    public async ValueTask DisposeAsync()
    {
        await X.DisposeAsync();
        await Vault.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

/// <summary>A TimeProvider that forwards to another one, switched between runs.</summary>
public sealed class SwitchableTimeProvider : TimeProvider
{
    private TimeProvider _current = System;

    public TimeProvider Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public override DateTimeOffset GetUtcNow() => Current.GetUtcNow();
    public override long GetTimestamp() => Current.GetTimestamp();
    public override long TimestampFrequency => Current.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Current.LocalTimeZone;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Current.CreateTimer(callback, state, dueTime, period);
}

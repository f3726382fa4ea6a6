using RotationFunctions.StandIns.Azurite;

namespace RotationFunctions.Tests.Infrastructure;

/// <summary>
/// One real Azurite per test collection (xunit makes one fixture per collection that asks for it, so
/// collections run in parallel on Azurites of their own); each test takes its own table, queue and
/// container names (<see cref="UniqueNames"/>), so tests of a collection do not see each other's rows.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static int _counter;
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A name no other test in this run uses (letters and digits, as tables require).</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 12, 60)];

    /// <summary>
    /// Table, queue and container names of one test's own; secret names stay production's (each test
    /// has a Key Vault stand-in of its own, and the CLI reads production's).
    /// </summary>
    public static StorageNames UniqueNames()
    {
        var id = UniqueName("t").ToLowerInvariant();
        return new StorageNames
        {
            AccountsTable = "Accounts" + id,
            ScheduleTable = "Schedule" + id,
            HandoversTable = "Handovers" + id,
            HandoverQueue = "handovers-" + id,
            NoticesTable = "Notices" + id,
            NoticeQueue = "notices-" + id,
            LeaseContainer = "leases-" + id,
        };
    }

    public TableServiceClient TableService() => new(ConnectionString);
}

using Azure.Data.Tables;
using RotationFunctions.StandIns.Azurite;

namespace RotationFunctions.Tests.Infrastructure;

/// <summary>One real Azurite per test collection; each test takes its own table and queue names.</summary>
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

    public TableServiceClient TableService() => new(ConnectionString);
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

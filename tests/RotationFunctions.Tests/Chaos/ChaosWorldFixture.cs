using RotationFunctions.Chaos;

namespace RotationFunctions.Tests.Chaos;

/// <summary>One Azurite and one pair of stand-ins for all chaos seeds of this class (seeds run one after another).</summary>
public sealed class ChaosWorldFixture : IAsyncLifetime
{
    private ChaosWorld? _world;

    public ChaosWorld World => _world ?? throw new InvalidOperationException("The chaos world has not started.");

    public async Task InitializeAsync() => _world = await ChaosWorld.StartAsync();

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}

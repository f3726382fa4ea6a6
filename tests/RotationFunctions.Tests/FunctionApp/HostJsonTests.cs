using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.FunctionApp;

/// <summary>host.json is the one place the queue trigger's retry count is set; the worker counts as the host does.</summary>
public sealed class HostJsonTests
{
    private static int HostJsonMaxDequeueCount()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("host.json")));
        return hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();
    }

    private static HandoverOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddHandovers(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<HandoverOptions>>().Value;
    }

    [Fact]
    public void The_processor_gives_up_after_the_deliveries_host_json_allows()
    {
        Assert.Equal(HostJsonMaxDequeueCount(), Options([]).MaxDequeueCount);
    }

    [Fact]
    public void The_app_setting_that_overrides_host_json_for_the_host_overrides_it_for_the_worker_and_no_other_setting_does()
    {
        var options = Options(new()
        {
            [QueueTriggerSettings.MaxDequeueCountKey] = "3",
            ["Handover:MaxDequeueCount"] = "9",
        });

        Assert.Equal(3, options.MaxDequeueCount);
        // The app setting AzureFunctionsJobHost__extensions__queues__maxDequeueCount, as configuration spells it.
        Assert.Equal("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", QueueTriggerSettings.MaxDequeueCountKey);
    }

    [Fact]
    public void A_count_out_of_range_stops_the_app_at_start_naming_host_json()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { [QueueTriggerSettings.MaxDequeueCountKey] = "0" }));

        Assert.Contains("host.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_ships_the_host_json_the_core_reads()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var shipped = RepositoryFiles.Path("functions", "RotationFunctions.App", "bin", configuration, "net10.0", "host.json");

        Assert.Equal(File.ReadAllText(RepositoryFiles.Path("host.json")), File.ReadAllText(shipped));
    }
}

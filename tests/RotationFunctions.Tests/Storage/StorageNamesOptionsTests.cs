namespace RotationFunctions.Tests.Storage;

public sealed class StorageNamesOptionsTests
{
    private static StorageNames Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddStorageNames(configuration).AddStorageNames(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<StorageNames>>().Value;
    }

    [Fact]
    public void Without_settings_the_names_are_productions()
    {
        var names = Resolve([]);

        Assert.Equal(("Accounts", "Schedule", "Handovers"), (names.AccountsTable, names.ScheduleTable, names.HandoversTable));
        Assert.Equal(("handovers", "handovers-poison", "token-leases"), (names.HandoverQueue, names.HandoverPoisonQueue, names.LeaseContainer));
        Assert.Equal("x-tokens-sos", names.TokenSecret("sos"));
    }

    [Fact]
    public void The_queue_triggers_app_setting_names_the_queue_the_planner_writes_to()
    {
        var names = Resolve(new() { [AppSettingNames.HandoverQueueName] = "handovers-test", ["Names:AccountsTable"] = "AccountsTest" });

        Assert.Equal(("handovers-test", "handovers-test-poison", "AccountsTest"), (names.HandoverQueue, names.HandoverPoisonQueue, names.AccountsTable));
    }

    [Fact]
    public void A_name_storage_refuses_stops_the_host_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Names:HandoverQueue"] = "Handovers_Queue" }).Build();
        using var services = new ServiceCollection().AddStorageNames(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageNames>>().Value);
        Assert.Contains(nameof(StorageNames.HandoverQueue), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sos_1")]
    [InlineData("sos/evil")]
    public void An_account_id_that_cannot_name_a_secret_is_refused(string accountId) =>
        Assert.ThrowsAny<ArgumentException>(() => StorageNames.Default.TokenSecret(accountId));
}

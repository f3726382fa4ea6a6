using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Tokens;

/// <summary>Issue 13 d: every wait bounded for the shortest caller, and a run that ends before host.json's functionTimeout; checked at start.</summary>
public sealed class TokenRotationOptionsTests
{
    private static TokenRotationOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddTokenRotation(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<TokenRotationOptions>>().Value;
    }

    private static TimeSpan HostJsonFunctionTimeout()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("host.json")));
        return TimeSpan.Parse(hostJson.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void The_defaults_fit_the_shortest_caller_and_a_run_fits_host_json_s_functionTimeout()
    {
        var o = Options([]);

        Assert.True(o.MaxRotationDuration <= TimeSpan.FromSeconds(200), $"the slowest rotation takes {o.MaxRotationDuration}");
        Assert.True(o.RunBudget + o.MaxRotationDuration + TokenRotationOptions.RunMargin <= HostJsonFunctionTimeout());
        Assert.Equal(HostJsonFunctionTimeout(), FunctionTimeout.Of(new ConfigurationBuilder().Build()));
        Assert.True(o.LeaseWaitTimeout > o.LeaseDuration, "an abandoned lease must expire while a rotation waits for it");
    }

    [Fact]
    public void A_run_budget_host_json_s_functionTimeout_cannot_hold_stops_the_app_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["TokenRotation:RunBudget"] = "00:09:00" }));

        Assert.Contains("host.json's functionTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_setting_that_overrides_functionTimeout_for_the_host_counts_for_the_worker_too()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { [FunctionTimeout.OverrideKey] = "00:05:00" }));

        Assert.Contains("functionTimeout (00:05:00)", error.Message, StringComparison.Ordinal);
        Assert.Equal("AzureFunctionsJobHost:functionTimeout", FunctionTimeout.OverrideKey);
        // Unbounded (Flex Consumption allows -1): nothing to fit.
        Assert.Null(FunctionTimeout.Of(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [FunctionTimeout.OverrideKey] = "-1" }).Build()));
    }

    [Fact]
    public void Waits_that_add_up_past_what_an_HTTP_request_may_wait_stop_the_app_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["TokenRotation:StoreRetryMaxTotal"] = "00:04:00" }));

        Assert.Contains("230 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.00:00:00", false)]
    [InlineData("30.00:00:00", false)]
    [InlineData("00:00:00", true)]
    [InlineData("31.00:00:00", true)]
    public void A_secret_expiry_inside_Key_Vault_s_near_expiry_window_stops_the_app_at_start(string expiry, bool valid)
    {
        var settings = new Dictionary<string, string?> { ["TokenRotation:SecretExpiry"] = expiry };
        if (valid)
        {
            Assert.Equal(TimeSpan.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture), Options(settings).SecretExpiry);
        }
        else
        {
            Assert.Contains("near-expiry", Assert.Throws<OptionsValidationException>(() => Options(settings)).Message, StringComparison.Ordinal);
        }
    }
}

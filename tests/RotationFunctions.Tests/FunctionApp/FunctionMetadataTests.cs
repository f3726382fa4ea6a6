using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.FunctionApp;

/// <summary>The built Function App declares the triggers, schedules and queues the core and infra expect.</summary>
public sealed class FunctionMetadataTests
{
    private static JsonElement Metadata()
    {
        // Same configuration as this test assembly (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = RepositoryFiles.Path("functions", "RotationFunctions.App", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/RotationFunctions.App first.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static JsonElement Binding(string function)
    {
        var entry = Metadata().EnumerateArray().SingleOrDefault(f => f.GetProperty("name").GetString() == function);
        Assert.True(entry.ValueKind == JsonValueKind.Object, $"function {function} is not in functions.metadata");
        return entry.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");
    }

    [Fact]
    public void PlanHandovers_is_a_timer_on_the_PlanSchedule_setting_not_run_on_startup()
    {
        var binding = Binding("PlanHandovers");
        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal($"%{AppSettingNames.PlanSchedule}%", binding.GetProperty("schedule").GetString());
        Assert.False(binding.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public void HandOver_is_a_queue_trigger_on_the_HandoverQueueName_setting_over_the_host_storage()
    {
        var binding = Binding("HandOver");
        Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
        Assert.Equal($"%{AppSettingNames.HandoverQueueName}%", binding.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", binding.GetProperty("connection").GetString());
    }

    [Fact]
    public void SendNotice_is_a_queue_trigger_on_the_NoticeQueueName_setting_over_the_host_storage()
    {
        var binding = Binding("SendNotice");
        Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
        Assert.Equal($"%{AppSettingNames.NoticeQueueName}%", binding.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", binding.GetProperty("connection").GetString());
    }

    [Fact]
    public void RotateTokens_is_a_timer_on_the_RotateTokensSchedule_setting_not_run_on_startup()
    {
        var binding = Binding("RotateTokens");
        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal($"%{AppSettingNames.RotateTokensSchedule}%", binding.GetProperty("schedule").GetString());
        Assert.False(binding.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public void The_app_has_exactly_the_six_functions()
    {
        var names = Metadata().EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order().ToArray();
        Assert.Equal(["CuratorPortal", "DataPlaneHealth", "HandOver", "PlanHandovers", "RotateTokens", "SendNotice"], names);
    }

    [Fact]
    public void DataPlaneHealth_is_a_function_key_http_get_on_health()
    {
        // Not anonymous: a check that takes leases and sends messages is for the deployment's smoke test only.
        var binding = Binding("DataPlaneHealth");
        Assert.Equal("httpTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("function", binding.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal("health", binding.GetProperty("route").GetString());
        Assert.Equal(["get"], binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    [Fact]
    public void CuratorPortal_is_an_anonymous_http_trigger_on_the_portal_route()
    {
        var binding = Binding("CuratorPortal");
        Assert.Equal("httpTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("anonymous", binding.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal(RotationFunctions.Portal.Web.PortalPaths.FunctionRoute, binding.GetProperty("route").GetString());
    }

    [Fact]
    public void Default_timer_schedules_parse_and_a_bad_one_is_rejected_with_its_name()
    {
        var options = new TimerScheduleOptions();
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        options.PlanSchedule = "*/5 * * * *";
        var error = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        Assert.Contains("PlanSchedule '*/5 * * * *' is not a 6-field NCrontab expression", error.ErrorMessage);
    }
}

using System.Reflection;
using System.Runtime.Loader;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.FunctionApp;

/// <summary>
/// The built Function App's AddMonitoring, loaded from its own output folder (the tests do not
/// reference the app): ops read "planned", "posted" and "rotated" in Application Insights, and those
/// are Information logs the Application Insights SDK drops by default.
/// </summary>
public sealed class MonitoringTests
{
    private const string ApplicationInsightsProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";
    private static readonly Lazy<Assembly> App = new(LoadApp);

    [Fact]
    public async Task The_worker_logs_to_Application_Insights_from_Information_up()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // The Functions host provides configuration; no connection string here, as on a developer machine.
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        App.Value.GetType("RotationFunctions.App.Monitoring.MonitoringServiceCollectionExtensions", throwOnError: true)!
            .GetMethod("AddMonitoring")!.Invoke(null, [services]);
        await using var provider = services.BuildServiceProvider();

        Assert.Contains(provider.GetServices<ILoggerProvider>(), p => p.GetType().FullName == ApplicationInsightsProvider);
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("RotationFunctions.Handover.HandoverProcessor");
        Assert.True(logger.IsEnabled(LogLevel.Information), "Information logs would not reach Application Insights");
        Assert.False(logger.IsEnabled(LogLevel.Trace), "Trace logs would flood Application Insights");
        var http = provider.GetRequiredService<ILoggerFactory>().CreateLogger("System.Net.Http.HttpClient.XClient.LogicalHandler");
        Assert.False(http.IsEnabled(LogLevel.Information), "every HTTP request would be two traces in Application Insights");
        Assert.True(http.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Failure_events_and_heartbeats_are_never_sampled_out_under_a_burst_and_carry_AccountId_and_HandoverId()
    {
        var channel = new CapturingTelemetryChannel();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A well-formed connection string to nowhere: the capturing channel sends nothing.
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["ApplicationInsights:ConnectionString"] = ConnectionString,
        }).Build());
        services.AddSingleton<ITelemetryChannel>(channel);
        AddMonitoring(services);
        await using var provider = services.BuildServiceProvider();
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        var telemetry = provider.GetRequiredService<TelemetryConfiguration>();

        // The worker's own adaptive sampling (the SDK's default, 5 items a second) samples traces. It
        // waits 15 s before its first look and 2 minutes between changes; the second wait is cut here.
        var samplers = telemetry.DefaultTelemetrySink.TelemetryProcessors.OfType<AdaptiveSamplingTelemetryProcessor>()
            .Where(s => !(s.ExcludedTypes ?? "").Contains("Trace", StringComparison.Ordinal) &&
                        (string.IsNullOrEmpty(s.IncludedTypes) || s.IncludedTypes.Contains("Trace", StringComparison.Ordinal)))
            .ToList();
        Assert.True(samplers.Count > 0, "no adaptive sampling of traces in: " + string.Join(", ", telemetry.DefaultTelemetrySink.TelemetryProcessors.Select(p => p.GetType().Name)));
        foreach (var sampler in samplers)
        {
            sampler.SamplingPercentageDecreaseTimeout = TimeSpan.FromMilliseconds(1); // zero would mean the default
            sampler.EvaluationInterval = TimeSpan.FromMilliseconds(200);
        }

        var processor = loggers.CreateLogger<HandoverProcessor>();
        var planner = loggers.CreateLogger<HandoverPlanner>();
        var tokens = loggers.CreateLogger<TokenRotator>();
        var ordinary = 0;
        void Burst(int count)
        {
            for (var i = 0; i < count; i++, ordinary++)
            {
                var id = Ids[ordinary % Ids.Length];
                planner.Planned(id, "Anna", "Bo", Delay);
            }
        }

        // A burst of ordinary traces until adaptive sampling has turned down (about 1,000 a second).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!channel.Sent.OfType<TraceTelemetry>().Any(t => ((ISupportSampling)t).SamplingPercentage < 100))
        {
            Assert.True(DateTime.UtcNow < deadline, $"adaptive sampling never turned down under a burst of traces: {channel.Sent.Count} of {ordinary} arrived");
            Burst(50);
            await Task.Delay(50);
        }
        var before = channel.Sent.Count;
        var ordinaryBefore = ordinary;

        // Under the same burst: every kind of failure, three times each, and the two heartbeats.
        var expected = new List<(string EventName, string AccountId, string? HandoverId)>();
        for (var round = 0; round < 3; round++)
        {
            var account = $"failing-{round}";
            var handover = $"{account}/2027-01-11T07:00:00Z";
            Burst(2000);
            planner.Missed(handover, "Anna", "Bo");
            expected.Add(("HandoverMissed", account, handover));
            processor.MissedLate(handover, "Anna", "Bo", TimeSpan.FromHours(3));
            expected.Add(("HandoverMissedLate", account, handover));
            processor.MissedXUnavailable(handover, "X answered 503 until the catch-up window ended");
            expected.Add(("HandoverMissedXUnavailable", account, handover));
            Burst(2000);
            planner.Held(handover, "slots 2027-01-04 and 2027-01-11 overlap");
            expected.Add(("HandoverHeld", account, handover));
            processor.StepBlocked(handover, "intro", "the curator has not accepted the guidelines");
            expected.Add(("HandoverStepBlocked", account, handover));
            processor.StepRejected(handover, "outro", "X refused the text (403)");
            expected.Add(("HandoverStepRejected", account, handover));
            processor.FailedForGood(new InvalidOperationException("boom"), handover, 5);
            expected.Add(("HandoverFailedForGood", account, handover));
            Burst(2000);
            tokens.ChainBroken(account, "X answered invalid_grant");
            expected.Add(("TokenChainBroken", account, null));
            planner.ScheduleProblemReported(account, "Schedule", "2027-01-11", "CuratorHandle", "'bo ek!' is not an X handle");
            expected.Add(("ScheduleProblem", account, null));
            planner.PlannerRunFinished(1, 0, 0, 0, 1, 1, 0, 0, 1, 1);
            tokens.RotationRunFinished(0, 0, 1, 0, TimeSpan.Zero);
        }
        Burst(2000);

        var sent = channel.Sent.Skip(before).ToList();
        var arrived = sent.OfType<ISupportProperties>().Select(t => t.Properties)
            .Where(p => p.TryGetValue("EventName", out var name) && name != "HandoverPlanned").ToList();
        foreach (var (eventName, accountId, handoverId) in expected)
        {
            var found = arrived.Where(p => p["EventName"] == eventName && p.TryGetValue("AccountId", out var a) && a == accountId &&
                                           (handoverId is null || (p.TryGetValue("HandoverId", out var h) && h == handoverId))).ToList();
            Assert.True(found.Count == 1, $"{eventName} of {accountId} arrived {found.Count} times, with AccountId and HandoverId; arrived: " +
                                          string.Join(", ", arrived.Select(p => $"{p["EventName"]}[{string.Join(' ', p.Select(kv => $"{kv.Key}={kv.Value}"))}]")));
        }
        Assert.Equal(3, arrived.Count(p => p["EventName"] == "PlannerRunFinished"));
        Assert.Equal(3, arrived.Count(p => p["EventName"] == "TokenRotationRunFinished"));
        // The failure in an exception (FailedForGood carries one) arrives too, as the exceptions table's row.
        Assert.Equal(3, sent.OfType<ExceptionTelemetry>().Count(e => e.Properties.TryGetValue("EventName", out var n) && n == "HandoverFailedForGood"));

        // Sampling still applies to the ordinary traces: far fewer than the burst arrived.
        var ordinarySent = ordinary - ordinaryBefore;
        var ordinaryArrived = sent.OfType<ISupportProperties>().Count(t => t.Properties.TryGetValue("EventName", out var n) && n == "HandoverPlanned");
        Assert.True(ordinaryArrived < ordinarySent / 2, $"{ordinaryArrived} of {ordinarySent} ordinary traces arrived: sampling did not apply to them");
    }

    /// <summary>
    /// Issue 18: local auth is off on the component in Azure, so the worker must ingest with the identity's token.
    /// Microsoft.Azure.Functions.Worker.ApplicationInsights (ConfigureFunctionsApplicationInsights in AddMonitoring)
    /// reads APPLICATIONINSIGHTS_AUTHENTICATION_STRING itself, as the host does: no code of ours is needed, and this
    /// test fails if AddMonitoring stops calling it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_worker_signs_its_ingestion_with_the_identity_when_the_authentication_string_is_set(bool set)
    {
        var settings = new Dictionary<string, string?> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString, ["ApplicationInsights:ConnectionString"] = ConnectionString };
        if (set)
        {
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=00000000-0000-0000-0000-000000000002;Authorization=AAD";
        }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        AddMonitoring(services);
        await using var provider = services.BuildServiceProvider();

        var telemetry = provider.GetRequiredService<TelemetryConfiguration>();
        // The SDK keeps the credential in an internal envelope; its presence is what makes the channel ask for a token.
        var envelope = typeof(TelemetryConfiguration).GetProperty("CredentialEnvelope", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(telemetry);
        Assert.Equal(set, envelope is not null);
    }

    private static readonly string[] Ids = [.. Enumerable.Range(0, 50).Select(i => $"acct-{i}/2027-01-04T07:00:00Z")];
    private static readonly TimeSpan Delay = TimeSpan.FromHours(1);

    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

    private static void AddMonitoring(IServiceCollection services) =>
        App.Value.GetType("RotationFunctions.App.Monitoring.MonitoringServiceCollectionExtensions", throwOnError: true)!
            .GetMethod("AddMonitoring")!.Invoke(null, [services]);

    private static Assembly LoadApp()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = RepositoryFiles.Path("functions", "RotationFunctions.App", "bin", configuration, "net10.0", "RotationFunctions.App.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/RotationFunctions.App first.");
        // Assemblies the tests already have (Microsoft.Extensions.*) stay shared; the app's own (Application Insights) come from its folder.
        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } found ? context.LoadFromAssemblyPath(found) : null;
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}

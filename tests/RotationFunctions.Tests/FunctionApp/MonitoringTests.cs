using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    private static Assembly LoadApp()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(HandoverPipelineTests.RepoRoot(), "functions", "RotationFunctions.App", "bin", configuration, "net10.0", "RotationFunctions.App.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/RotationFunctions.App first.");
        // Assemblies the tests already have (Microsoft.Extensions.*) stay shared; the app's own (Application Insights) come from its folder.
        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } found ? context.LoadFromAssemblyPath(found) : null;
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}

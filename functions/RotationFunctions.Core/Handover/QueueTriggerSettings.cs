namespace RotationFunctions.Handover;

/// <summary>
/// The queue trigger's settings that the worker must agree with the Functions host on. host.json is
/// the one place they are set: the host moves a message to the poison queue after maxDequeueCount
/// deliveries, and the processor must count the same to record the handover failed on the last one.
/// </summary>
public static class QueueTriggerSettings
{
    /// <summary>
    /// The app setting that overrides host.json's value for the host (AzureFunctionsJobHost__extensions__queues__maxDequeueCount),
    /// as the worker sees it in configuration.
    /// </summary>
    public const string MaxDequeueCountKey = "AzureFunctionsJobHost:extensions:queues:maxDequeueCount";

    private const string HostJsonKey = "extensions:queues:maxDequeueCount";

    private static readonly IConfiguration HostJson = ReadHostJson();

    /// <summary>
    /// The override when there is one, else host.json's value. The worker is not given the host's
    /// host.json through configuration, so the core embeds the repository's host.json at build: the
    /// Function App ships that same file from the same build, and every other host (local, tests,
    /// benchmarks) counts as the deployed app does. No number is kept here, so none can drift.
    /// </summary>
    public static int? MaxDequeueCount(IConfiguration configuration) =>
        configuration.GetValue<int?>(MaxDequeueCountKey) ?? HostJson.GetValue<int?>(HostJsonKey);

    private static IConfiguration ReadHostJson()
    {
        using var stream = typeof(QueueTriggerSettings).Assembly.GetManifestResourceStream("host.json")
            ?? throw new InvalidOperationException("host.json is not embedded in RotationFunctions.Core.");
        // AddJsonStream reads the stream when Build runs, so the stream can be disposed after.
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }
}

namespace RotationFunctions.Tokens;

/// <summary>
/// host.json's functionTimeout as the Functions host applies it: the app setting that overrides it for the host
/// (AzureFunctionsJobHost__functionTimeout), else the value in the host.json the core embeds at build (the one the
/// Function App ships; see Handover/QueueTriggerSettings for the same arrangement).
/// </summary>
public static class FunctionTimeout
{
    /// <summary>The override app setting, as configuration spells it.</summary>
    public const string OverrideKey = "AzureFunctionsJobHost:functionTimeout";

    private static readonly IConfiguration HostJson = ReadHostJson();

    /// <summary>The timeout; null when none is set or it is unbounded ("-1", Flex Consumption and Premium allow that).</summary>
    public static TimeSpan? Of(IConfiguration configuration) => Parse(configuration[OverrideKey] is { Length: > 0 } set ? set : HostJson["functionTimeout"]);

    private static TimeSpan? Parse(string? text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero ? timeout : null;

    private static IConfiguration ReadHostJson()
    {
        using var stream = typeof(FunctionTimeout).Assembly.GetManifestResourceStream("host.json")
            ?? throw new InvalidOperationException("host.json is not embedded in RotationFunctions.Core.");
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }
}

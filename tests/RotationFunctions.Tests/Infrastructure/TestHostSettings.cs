namespace RotationFunctions.Tests.Infrastructure;

/// <summary>
/// Settings a test's host starts from: retries, timeouts and leases short enough that an injected fault
/// costs the test milliseconds rather than production's seconds and minutes.
/// </summary>
internal static class TestHostSettings
{
    public static IEnumerable<KeyValuePair<string, string?>> Fast() => new Dictionary<string, string?>
    {
        ["X:RetryBaseDelay"] = "00:00:00.010",
        ["X:AttemptTimeout"] = "00:00:02",
        ["TokenRotation:LeaseDuration"] = "00:00:15",
        ["TokenRotation:LeasePollInterval"] = "00:00:00.020",
        ["TokenRotation:StoreRetryBaseDelay"] = "00:00:00.010",
        ["TokenRotation:StoreRetryMaxDelay"] = "00:00:00.100",
    };
}

namespace RotationFunctions.Handover;

/// <summary>What the planner puts on the queue: which boundary of which account. Versioned.</summary>
public sealed record HandoverMessage(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("account")] string AccountId,
    [property: JsonPropertyName("boundary")] DateTimeOffset Boundary)
{
    /// <summary>
    /// Set on a copy re-sent to wait for X (an outage, a rate limit, credits): not handled before this
    /// instant even if the queue shows it sooner. Optional, so version 1 messages without it still read.
    /// </summary>
    [JsonPropertyName("notBefore")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>
    /// The channels the handover was planned for (comma-separated), used when its row must be written again. Optional:
    /// a message without it (written before channels existed) is X only, as its row is.
    /// </summary>
    [JsonPropertyName("channels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Channels { get; init; }

    /// <summary>When the handover may run: the boundary, or later for a deferred copy.</summary>
    [JsonIgnore]
    public DateTimeOffset DueAt => NotBefore is { } notBefore && notBefore > Boundary ? notBefore : Boundary;

    public const int CurrentVersion = 1;

    /// <summary>Derived, so not written into the message: the message carries only what it is versioned for.</summary>
    [JsonIgnore]
    public string HandoverId => $"{AccountId}/{BoundaryKey(Boundary)}";

    public static string BoundaryKey(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses a queue message; a malformed one gets a reason a human can act on.</summary>
    public static bool TryParse(string text, out HandoverMessage? message, out string? reason)
    {
        message = null;
        reason = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "the message is not a JSON object";
                return false;
            }
            if (!root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
            {
                reason = "the message has no schema version (\"v\")";
                return false;
            }
            if (version != CurrentVersion)
            {
                reason = $"schema version {version} is not supported (this app reads version {CurrentVersion})";
                return false;
            }
            var parsed = root.Deserialize<HandoverMessage>();
            if (parsed is null || string.IsNullOrWhiteSpace(parsed.AccountId) || parsed.Boundary == default)
            {
                reason = "the message lacks \"account\" or \"boundary\"";
                return false;
            }
            message = parsed;
            return true;
        }
        catch (JsonException e)
        {
            reason = $"the message is not valid JSON ({e.Message.Split('.')[0]})";
            return false;
        }
    }
}

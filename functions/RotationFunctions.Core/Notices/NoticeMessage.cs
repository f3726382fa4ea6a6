namespace RotationFunctions.Notices;

/// <summary>What the planner puts on the notices queue: which notice row of which account. Versioned.</summary>
public sealed record NoticeMessage(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("account")] string AccountId,
    [property: JsonPropertyName("notice")] string NoticeKey)
{
    public const int CurrentVersion = 1;

    /// <summary>Set on a copy that waits (a relay outage, another worker's claim): not handled before this.</summary>
    [JsonPropertyName("notBefore")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? NotBefore { get; init; }

    [JsonIgnore]
    public string NoticeId => $"{AccountId}/{NoticeKey}";

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses a queue message; a malformed one gets a reason a human can act on.</summary>
    public static bool TryParse(string text, out NoticeMessage? message, out string? reason)
    {
        message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            reason = document.RootElement.ValueKind != JsonValueKind.Object ? "the message is not a JSON object"
                : !document.RootElement.TryGetProperty("v", out var v) || !v.TryGetInt32(out var version) ? "the message has no schema version (\"v\")"
                : version != CurrentVersion ? $"schema version {version} is not supported (this app reads version {CurrentVersion})"
                : null;
            if (reason is null)
            {
                message = document.RootElement.Deserialize<NoticeMessage>();
                if (message is null || string.IsNullOrWhiteSpace(message.AccountId) || string.IsNullOrWhiteSpace(message.NoticeKey))
                {
                    (message, reason) = (null, "the message lacks \"account\" or \"notice\"");
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            reason = $"the message is not valid JSON ({e.Message.Split('.')[0]})";
        }
        return message is not null;
    }
}
